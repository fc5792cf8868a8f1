import { z } from "zod";
import type { EmbeddingModelV1 } from "../../spec/language-model.js";
import type { Usage } from "../../spec/usage.js";
import { describeIssues } from "../http/describe-issues.js";
import { badResponseError } from "../http/provider-errors.js";
import { ProviderHttpClient, type ProviderHttpClientOptions } from "../http/provider-http-client.js";

/** Connection settings shared by the OpenAI-compatible embedding and moderation adapters. */
export interface OpenAiCompatibleEndpointOptions {
  /** Base URL up to and including the API version, e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer`; omit for local servers that need none. */
  apiKey?: string;
  /** Name of the variable the key came from, named in auth-error hints (never the key itself). */
  apiKeyEnv?: string;
  /** Extra headers (e.g. an organisation header). */
  headers?: Record<string, string>;
  /** Longest wait for the response head, in ms. */
  timeoutMs?: number;
  /** Sockets open at once to the server. */
  maxConnections?: number;
}

export interface OpenAiCompatibleEmbeddingModelOptions extends OpenAiCompatibleEndpointOptions {
  /** Texts per request; larger calls are split (OpenAI accepts up to 2,048 inputs per request). Default 2048. */
  maxBatchSize?: number;
}

/** The HTTP client of an OpenAI-compatible endpoint, built the way the chat adapter builds it. */
export function createOpenAiCompatibleHttpClient(options: OpenAiCompatibleEndpointOptions): ProviderHttpClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers["authorization"] = `Bearer ${options.apiKey}`;
  const clientOptions: ProviderHttpClientOptions = {
    baseUrl: options.baseUrl,
    headers,
    provider: "OpenAI-compatible server",
    secrets: options.apiKey ? [options.apiKey] : [],
  };
  if (options.timeoutMs !== undefined) clientOptions.timeoutMs = options.timeoutMs;
  if (options.maxConnections !== undefined) clientOptions.maxConnections = options.maxConnections;
  if (options.apiKeyEnv !== undefined) clientOptions.apiKeyEnv = options.apiKeyEnv;
  return new ProviderHttpClient(clientOptions);
}

/** Wire schema of `POST /embeddings` (only what the adapter reads; extras pass). */
const embeddingResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative().nullish() }).nullish(),
});

const embeddingsPath = "/embeddings";
const defaultMaxBatchSize = 2048;

/**
 * Embeddings from any server speaking OpenAI's `POST {baseUrl}/embeddings` (OpenAI, Ollama, vLLM,
 * llama.cpp server, LM Studio, TEI's OpenAI route). Vectors come back in input order; usage counts input
 * tokens. Failures are classified by the shared HTTP layer; it never retries (the caller does).
 */
export class OpenAiCompatibleEmbeddingModel implements EmbeddingModelV1 {
  readonly specificationVersion = "v1" as const;
  readonly provider = "openai-compatible";
  readonly modelId: string;
  private readonly client: ProviderHttpClient;
  private readonly maxBatchSize: number;

  constructor(options: OpenAiCompatibleEmbeddingModelOptions) {
    this.modelId = options.model;
    this.client = createOpenAiCompatibleHttpClient(options);
    this.maxBatchSize = Math.max(1, Math.floor(options.maxBatchSize ?? defaultMaxBatchSize));
  }

  async embed(request: { values: string[]; abortSignal?: AbortSignal }): Promise<{ embeddings: number[][]; usage: Usage }> {
    const embeddings: number[][] = [];
    let inputTokens = 0;
    for (let start = 0; start < request.values.length; start += this.maxBatchSize) {
      const batch = request.values.slice(start, start + this.maxBatchSize);
      const result = await this.embedBatch(batch, request.abortSignal);
      for (const vector of result.embeddings) embeddings.push(vector);
      inputTokens += result.inputTokens;
    }
    return { embeddings, usage: { inputTokens, outputTokens: 0, breakdown: {} } };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async embedBatch(values: string[], signal: AbortSignal | undefined): Promise<{ embeddings: number[][]; inputTokens: number }> {
    const json = await this.client.postJson(embeddingsPath, { model: this.modelId, input: values, encoding_format: "float" }, signal);
    const parsed = embeddingResponseSchema.safeParse(json);
    const context = this.client.errorContext(embeddingsPath);
    if (!parsed.success) throw badResponseError(context, describeIssues(parsed.error));
    const { data, usage } = parsed.data;
    if (data.length !== values.length) throw badResponseError(context, `${values.length} inputs sent but ${data.length} embeddings returned`);
    // Servers may return the items in any order; `index` says whose vector each is.
    const embeddings = new Array<number[] | undefined>(values.length);
    for (const item of data) {
      if (item.index >= values.length || embeddings[item.index] !== undefined) throw badResponseError(context, `embedding index ${item.index} is out of range or repeated`);
      embeddings[item.index] = item.embedding;
    }
    const dimensions = data[0]?.embedding.length ?? 0;
    if (dimensions === 0 || data.some((item) => item.embedding.length !== dimensions)) {
      throw badResponseError(context, "embeddings are empty or differ in length");
    }
    return { embeddings: embeddings as number[][], inputTokens: usage?.prompt_tokens ?? 0 };
  }
}

export function createOpenAiCompatibleEmbeddingModel(options: OpenAiCompatibleEmbeddingModelOptions): OpenAiCompatibleEmbeddingModel {
  return new OpenAiCompatibleEmbeddingModel(options);
}
