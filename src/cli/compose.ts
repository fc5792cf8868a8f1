import { dirname, join, resolve } from "node:path";
import type { Environment } from "../config/env.js";
import { readSecret } from "../config/env.js";
import type { ProjectConfig } from "../config/project-schema.js";
import { loadPriceTable, type PriceTable } from "../cost/price-table.js";
import { costOfUsage } from "../cost/cost-of-usage.js";
import type { EvaluationResources, ModelHandle, Pricing } from "../eval/model-handle.js";
import { createTemplateRenderer } from "../eval/template.js";
import { createLanguageModel } from "../providers/create-language-model.js";
import { createDocumentRetriever } from "../retrieval/document-retriever.js";
import type { RetrieverConfig } from "../config/project-schema.js";
import type { RetrieverV1 } from "../spec/retriever.js";
import type { RenderTemplate } from "../eval/template.js";
import { TuneopsError } from "../spec/errors.js";
import type { LanguageModelV1 } from "../spec/language-model.js";
import type { Store } from "../spec/store.js";
import { openStore } from "../store/open-store.js";

/** The store of a project: PostgreSQL when TUNEOPS_DATABASE_URL is set, else `.tuneops/tuneops.db` beside the project file. */
export function openProjectStore(environment: Environment, projectDir: string): Promise<Store> {
  const databaseUrl = environment.TUNEOPS_DATABASE_URL;
  return databaseUrl ? openStore({ databaseUrl }) : openStore({ sqlitePath: join(projectDir, ".tuneops", "tuneops.db") });
}

/** Builds models and retrievers from the project's configuration, on demand. */
export function createResources(options: { config: ProjectConfig; projectDir: string; prices: PriceTable }): EvaluationResources {
  const { config, projectDir } = options;
  const renderer = createTemplateRenderer();
  return {
    async resolveModel(name) {
      const providerConfig = config.providers[name];
      if (!providerConfig) throw new TuneopsError({ code: "config_invalid", message: `unknown provider "${name}"`, location: { field: `providers.${name}` } });
      const created = await createLanguageModel({ name, config: providerConfig, baseDir: projectDir, readSecret });
      const handle: ModelHandle = {
        model: created.model,
        cacheIdentity: created.cacheIdentity,
        concurrency: providerConfig.concurrency ?? created.defaultConcurrency ?? config.defaults.concurrency,
        timeoutMs: providerConfig.timeout_ms ?? config.defaults.timeout_ms,
        maxRetries: providerConfig.max_retries ?? config.defaults.max_retries,
        stream: providerConfig.stream ?? created.model.capabilities.streaming,
        pricing: pricingFor(created.model, options.prices),
      };
      return handle;
    },
    async resolveRetriever(name) {
      const retrieverConfig = config.retrievers[name];
      if (!retrieverConfig) throw new TuneopsError({ code: "config_invalid", message: `unknown retriever "${name}"`, location: { field: `retrievers.${name}` } });
      return createRetriever({ name, config: retrieverConfig, baseDir: projectDir, render: renderer.render });
    },
  };
}

export function pricingFor(model: LanguageModelV1, prices: PriceTable): Pricing {
  if (model.capabilities.local && !model.capabilities.simulated) {
    return { costOf: () => 0, source: "runs on this machine: no per-token price (hardware costs belong to `tuneops decide`)" };
  }
  const entry = prices.lookup(model.modelId);
  if (!entry) {
    return { costOf: () => null, source: `no price for "${model.modelId}": add it under \`prices:\` in tuneops.yaml` };
  }
  const label = model.capabilities.simulated ? "simulated calls priced as " : "";
  return { costOf: (usage) => costOfUsage(usage, entry), source: `${label}${entry.source}${entry.date ? ` (${entry.date})` : ""}` };
}

/** Maps a retriever's configuration to its implementation; paths resolve against the project folder. */
export async function createRetriever(options: { name: string; config: RetrieverConfig; baseDir: string; render: RenderTemplate }): Promise<RetrieverV1> {
  const { config, name, render } = options;
  if (config.type === "bm25") {
    return createDocumentRetriever({ name, folder: resolve(options.baseDir, config.path), queryTemplate: config.query, topK: config.top_k, render });
  }
  const url = config.url.startsWith("sqlite:") ? `sqlite:${resolve(options.baseDir, config.url.slice("sqlite:".length))}` : config.url;
  const { createSqlRetriever } = await import("../retrieval/sql-retriever.js");
  return createSqlRetriever({ name, url, query: config.query, params: config.params, textColumn: config.text_column, render });
}

export function loadPrices(config: ProjectConfig): PriceTable {
  return loadPriceTable({ overrides: config.prices });
}

export function projectDirOf(configPath: string): string {
  return dirname(resolve(configPath));
}
