import { dirname, join, resolve } from "node:path";
import type { Environment } from "../config/env.js";
import { readSecret } from "../config/env.js";
import type { ProjectConfig } from "../config/project-schema.js";
import { loadPriceTable, type PriceTable } from "../cost/price-table.js";
import { importPriceMaps } from "./import-price-maps.js";
import { costOfUsage } from "../cost/cost-of-usage.js";
import type { EvaluationResources, ModelHandle, Pricing } from "../eval/model-handle.js";
import { createTemplateRenderer } from "../eval/template.js";
import { createLanguageModel } from "../providers/create-language-model.js";
import { createDocumentRetriever } from "../retrieval/document-retriever.js";
import type { RetrieverConfig } from "../config/project-schema.js";
import type { RetrieverV1 } from "../spec/retriever.js";
import type { RenderTemplate } from "../eval/template.js";
import { TuneopsError } from "../spec/errors.js";
import type { EmbeddingModelV1, GenerateResult, LanguageModelV1 } from "../spec/language-model.js";
import type { ModerationModelV1, ScorerModels } from "../spec/scorer.js";
import type { ProviderConfig } from "../config/project-schema.js";
import { abortableSleep, callModel } from "../eval/call-model.js";
import { createRandom } from "../stats/random.js";
import { createEmbeddingModel, createModerationModel } from "../providers/create-embedding-model.js";
import type { Store } from "../spec/store.js";
import { openStore } from "../store/open-store.js";

/** The store of a project: PostgreSQL when TUNEOPS_DATABASE_URL is set, else `.tuneops/tuneops.db` beside the project file. */
export function openProjectStore(environment: Environment, projectDir: string): Promise<Store> {
  const databaseUrl = environment.TUNEOPS_DATABASE_URL;
  return databaseUrl ? openStore({ databaseUrl }) : openStore({ sqlitePath: join(projectDir, ".tuneops", "tuneops.db") });
}

/**
 * Builds models and retrievers from the project's configuration, on demand, for one run: the run closes
 * them when it ends, so build new resources for the next run.
 */
export function createResources(options: { config: ProjectConfig; projectDir: string; prices: PriceTable }): EvaluationResources {
  const { config, projectDir } = options;
  const renderer = createTemplateRenderer({ root: projectDir });
  // One instance per provider name, shared by candidates and judges (one pool, one loaded model).
  const handles = new Map<string, Promise<ModelHandle>>();
  const embedders = new Map<string, Promise<EmbeddingModelV1>>();
  const moderators = new Map<string, Promise<ModerationModelV1>>();
  const providerConfig = (name: string, role: string): ProviderConfig => {
    const found = config.providers[name];
    if (!found) {
      throw new TuneopsError({
        code: "config_invalid",
        message: `unknown provider "${name}" (used as ${role})`,
        location: { field: `providers.${name}` },
        hint: `Providers: ${Object.keys(config.providers).join(", ") || "(none)"}.`,
      });
    }
    return found;
  };
  const resolveModel = (name: string): Promise<ModelHandle> => {
    let handle = handles.get(name);
    if (!handle) {
      handle = buildHandle(name);
      handles.set(name, handle);
    }
    return handle;
  };
  const buildHandle = async (name: string): Promise<ModelHandle> => {
    const provider = providerConfig(name, "a candidate or judge");
    const created = await createLanguageModel({ name, config: provider, baseDir: projectDir, readSecret });
    return {
      model: created.model,
      cacheIdentity: created.cacheIdentity,
      concurrency: provider.concurrency ?? created.defaultConcurrency ?? config.defaults.concurrency,
      timeoutMs: provider.timeout_ms ?? config.defaults.timeout_ms,
      maxRetries: provider.max_retries ?? config.defaults.max_retries,
      stream: provider.stream ?? created.model.capabilities.streaming,
      pricing: pricingFor(created.model, options.prices),
    };
  };
  const memo = <T>(map: Map<string, Promise<T>>, name: string, build: () => Promise<T>): Promise<T> => {
    let value = map.get(name);
    if (!value) map.set(name, (value = build()));
    return value;
  };
  const judgeEnvironment = { now: () => performance.now(), sleep: abortableSleep, random: createRandom(0x1d6e), signal: undefined };
  const scorerModels: ScorerModels = {
    async judge(name) {
      const handle = await resolveModel(name);
      return {
        model: handle.model,
        async generate(request) {
          const outcome = await callModel(handle.model, request, { timeoutMs: handle.timeoutMs, maxRetries: handle.maxRetries, stream: false }, judgeEnvironment);
          const result: GenerateResult = { text: outcome.text, finishReason: outcome.finishReason, usage: outcome.usage };
          if (outcome.toolCalls) result.toolCalls = outcome.toolCalls;
          return result;
        },
      };
    },
    embedder: (name) => memo(embedders, name, () => createEmbeddingModel({ name, config: providerConfig(name, "an embedder"), baseDir: projectDir, readSecret })),
    moderator: (name) => memo(moderators, name, () => createModerationModel({ name, config: providerConfig(name, "a moderator"), baseDir: projectDir, readSecret })),
  };
  return {
    resolveModel,
    scorerModels,
    async close() {
      // Closing is idempotent (the language-model contract), so models the run closed already are fine.
      const models = [...handles.values()].map((pending) => pending.then((handle) => handle.model.close?.()).catch(() => undefined));
      const others = [...embedders.values(), ...moderators.values()].map((pending) => pending.then((model) => model.close?.()).catch(() => undefined));
      await Promise.all([...models, ...others]);
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

/** The project's price table: built-in prices, then its `price_imports` (relative to `projectDir`), then its `prices`. */
export function loadPrices(config: ProjectConfig, projectDir: string): PriceTable {
  return loadPriceTable({ imported: importPriceMaps(config.price_imports, projectDir), overrides: config.prices });
}

export function projectDirOf(configPath: string): string {
  return dirname(resolve(configPath));
}
