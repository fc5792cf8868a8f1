import { resolve } from "node:path";
import type { ProviderConfig } from "../config/project-schema.js";
import { TuneopsError } from "../spec/errors.js";
import type { EmbeddingModelV1 } from "../spec/language-model.js";
import type { ModerationModelV1 } from "../spec/scorer.js";
import { createOpenAiCompatibleEmbeddingModel } from "./openai-compatible/openai-compatible-embedding-model.js";
import { createOpenAiCompatibleModerationModel } from "./openai-compatible/openai-compatible-moderation-model.js";
import { requireSecret } from "./require-secret.js";

export interface CreateEmbeddingModelOptions {
  /** The provider's name in tuneops.yaml, for messages. */
  name: string;
  config: ProviderConfig;
  /** The project file's folder: relative paths resolve against it. */
  baseDir: string;
  /** Reads an API-key variable named by the config (src/config/env.ts). */
  readSecret: (name: string) => string | undefined;
}

/** Provider types that can embed, named in the error for the others. */
export const embeddingProviderTypes = ["openai-compatible", "llama-cpp"] as const;
/** Provider types with a moderation endpoint. */
export const moderationProviderTypes = ["openai-compatible"] as const;

/**
 * Maps a provider's configuration to an embedding model (cosine similarity, the semantic cache). The
 * provider's `model` is the embedding model (e.g. `text-embedding-3-small`, `nomic-embed-text`), or the
 * GGUF file for llama.cpp, which is imported only when used.
 */
export async function createEmbeddingModel(options: CreateEmbeddingModelOptions): Promise<EmbeddingModelV1> {
  const { config } = options;
  switch (config.type) {
    case "openai-compatible": {
      const apiKey = config.api_key_env ? requireSecret({ name: options.name, readSecret: options.readSecret, variable: config.api_key_env, use: "for embeddings or moderation" }) : undefined;
      return createOpenAiCompatibleEmbeddingModel({
        baseUrl: config.base_url,
        model: config.model,
        ...(apiKey ? { apiKey, apiKeyEnv: config.api_key_env } : {}),
        ...(config.headers ? { headers: config.headers } : {}),
        timeoutMs: config.timeout_ms ?? 60_000,
        maxConnections: config.concurrency ?? 16,
      });
    }
    case "llama-cpp": {
      const { createLlamaCppEmbeddingModel } = await import("./llama-cpp/llama-cpp-embedding-model.js");
      return createLlamaCppEmbeddingModel({
        modelPath: resolve(options.baseDir, config.model_path),
        ...(config.context_size ? { contextSize: config.context_size } : {}),
        ...(config.threads ? { threads: config.threads } : {}),
        ...(config.gpu !== undefined ? { gpu: config.gpu } : {}),
      });
    }
    default:
      throw unsupported(options, { role: "an embedding model", types: embeddingProviderTypes });
  }
}

/**
 * Maps a provider's configuration to a moderation classifier (the `moderation` method of toxicity).
 * The provider's `model` names the moderation model (OpenAI: `omni-moderation-latest`).
 */
export async function createModerationModel(options: CreateEmbeddingModelOptions): Promise<ModerationModelV1> {
  const { config } = options;
  if (config.type !== "openai-compatible") throw unsupported(options, { role: "a moderation endpoint", types: moderationProviderTypes });
  const apiKey = config.api_key_env ? requireSecret({ name: options.name, readSecret: options.readSecret, variable: config.api_key_env, use: "for embeddings or moderation" }) : undefined;
  return createOpenAiCompatibleModerationModel({
    baseUrl: config.base_url,
    model: config.model,
    ...(apiKey ? { apiKey, apiKeyEnv: config.api_key_env } : {}),
    ...(config.headers ? { headers: config.headers } : {}),
    timeoutMs: config.timeout_ms ?? 60_000,
    maxConnections: config.concurrency ?? 16,
  });
}

function unsupported(options: CreateEmbeddingModelOptions, details: { role: string; types: readonly string[] }): TuneopsError {
  return new TuneopsError({
    code: "config_invalid",
    message: `providers.${options.name}: a provider of type "${options.config.type}" cannot serve as ${details.role}`,
    location: { field: `providers.${options.name}.type` },
    hint: `Use a provider of type ${details.types.map((type) => `"${type}"`).join(" or ")} for it.`,
  });
}

