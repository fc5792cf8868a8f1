import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { ProviderConfig } from "../config/project-schema.js";
import { TuneopsError } from "../spec/errors.js";
import type { LanguageModelV1 } from "../spec/language-model.js";
import { createAnthropicModel } from "./anthropic/anthropic-language-model.js";
import { createBaselineModel } from "./baseline/create-baseline-model.js";
import { createOpenAiCompatibleModel } from "./openai-compatible/openai-compatible-language-model.js";
import { createReplayModel } from "./replay/replay-language-model.js";
import { createScriptModel } from "./script/script-language-model.js";
import { createSimulatedModel } from "./simulated/simulated-language-model.js";
import { requireSecret } from "./require-secret.js";

export interface CreatedLanguageModel {
  model: LanguageModelV1;
  /**
   * Identity for the response cache: the provider type, endpoint and model, never a key. Null when
   * answers must not be cached: data-driven (replay, baseline trained per run), user code (script),
   * or simulated load.
   */
  cacheIdentity: string | null;
  /** Calls in flight that suit this provider when the config sets none. */
  defaultConcurrency?: number;
}

export interface CreateLanguageModelOptions {
  /** The provider's name in tuneops.yaml, for messages. */
  name: string;
  config: ProviderConfig;
  /** The project file's folder: relative paths resolve against it. */
  baseDir: string;
  /** Reads an API-key variable named by the config (src/config/env.ts). */
  readSecret: (name: string) => string | undefined;
}

/**
 * The one place that maps a provider's configuration to its adapter. Heavy native adapters (llama.cpp)
 * are imported only when a project uses them, so every other command starts fast.
 */
export async function createLanguageModel(options: CreateLanguageModelOptions): Promise<CreatedLanguageModel> {
  const { config, name } = options;
  switch (config.type) {
    case "openai-compatible": {
      const apiKey = config.api_key_env ? requireSecret({ name: options.name, readSecret: options.readSecret, variable: config.api_key_env, use: "as a candidate or judge" }) : undefined;
      const model = createOpenAiCompatibleModel({
        baseUrl: config.base_url,
        model: config.model,
        ...(apiKey ? { apiKey, apiKeyEnv: config.api_key_env } : {}),
        ...(config.headers ? { headers: config.headers } : {}),
        ...(config.local !== undefined ? { local: config.local } : {}),
        timeoutMs: config.timeout_ms ?? 60_000,
        maxConnections: config.concurrency ?? 64,
      });
      return { model, cacheIdentity: JSON.stringify([config.type, config.base_url, config.model]) };
    }
    case "anthropic": {
      const apiKey = requireSecret({ name: options.name, readSecret: options.readSecret, variable: config.api_key_env, use: "as a candidate or judge" });
      const model = createAnthropicModel({ baseUrl: config.base_url, model: config.model, apiKey, apiKeyEnv: config.api_key_env, timeoutMs: config.timeout_ms ?? 60_000, maxConnections: config.concurrency ?? 16 });
      return { model, cacheIdentity: JSON.stringify([config.type, config.base_url, config.model]) };
    }
    case "llama-cpp": {
      const modelPath = resolve(options.baseDir, config.model_path);
      const concurrency = config.concurrency ?? 1;
      const { createLlamaCppModel } = await import("./llama-cpp/llama-cpp-language-model.js");
      const model = createLlamaCppModel({
        modelPath,
        maxConcurrency: concurrency,
        ...(config.context_size ? { contextSize: config.context_size } : {}),
        ...(config.threads ? { threads: config.threads } : {}),
        ...(config.gpu !== undefined ? { gpu: config.gpu } : {}),
      });
      return { model, cacheIdentity: JSON.stringify([config.type, modelPath, fileIdentity(modelPath)]), defaultConcurrency: 1 };
    }
    case "baseline":
      return { model: createBaselineModel({ task: config.task }), cacheIdentity: null, defaultConcurrency: 64 };
    case "replay":
      return { model: createReplayModel({ field: config.field, ...(config.latency_field ? { latencyField: config.latency_field } : {}) }), cacheIdentity: null, defaultConcurrency: 64 };
    case "script":
      return { model: createScriptModel({ path: config.path, exportName: config.export, baseDir: options.baseDir }), cacheIdentity: null };
    case "simulated": {
      const model = createSimulatedModel({
        model: config.model,
        latencyMs: config.latency_ms,
        ...(config.ttft_ms !== undefined ? { ttftMs: config.ttft_ms } : {}),
        jitterMs: config.jitter_ms,
        outputTokens: config.output_tokens,
        response: config.response,
        errorRate: config.error_rate,
        seed: config.seed,
      });
      return { model, cacheIdentity: null };
    }
    default: {
      const unknown: never = config;
      throw new TuneopsError({ code: "config_invalid", message: `providers.${name}: unknown provider type ${JSON.stringify((unknown as { type: string }).type)}` });
    }
  }
}


/** Size and modification time: a changed model file must not answer from the old file's cache. */
function fileIdentity(path: string): string {
  try {
    const stats = statSync(path);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return "missing";
  }
}
