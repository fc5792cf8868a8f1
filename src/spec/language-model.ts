import type { Usage } from "./usage.js";

/**
 * The language-model contract, version 1. Every provider adapter implements it; engines consume it and
 * ask `capabilities`, never a provider's name. Adapters normalise usage and map failures to
 * `TuneopsError` with `isRetryable` set.
 */
export interface LanguageModelV1 {
  readonly specificationVersion: "v1";
  /** Provider type, e.g. `openai-compatible`; for display and logs only, never for branching. */
  readonly provider: string;
  /** Model identifier as the provider knows it; used for pricing. */
  readonly modelId: string;
  readonly capabilities: LanguageModelCapabilities;

  /**
   * Called once before the first generate/stream of a run, with the dataset's training split where there
   * is one (baselines train here; local models load their weights here).
   */
  prepare?(context: PrepareContext): Promise<void>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Present when `capabilities.streaming` is true. */
  stream?(request: GenerateRequest): AsyncIterable<StreamPart>;
  /** Releases sockets, native memory, worker threads. */
  close?(): Promise<void>;
}

export interface LanguageModelCapabilities {
  /** Supports `stream()`. */
  streaming: boolean;
  /** Reports usage when streaming (e.g. OpenAI's `stream_options.include_usage`). */
  streamingUsage: boolean;
  /** Accepts chat messages (otherwise the prompt is flattened to text). */
  chat: boolean;
  tools: boolean;
  /** Can be forced to return JSON. */
  jsonMode: boolean;
  /** Can be constrained to a JSON Schema. */
  jsonSchema: boolean;
  seed: boolean;
  logprobs: boolean;
  /** Runs on this machine: the data never leaves it. */
  local: boolean;
  /** Outputs are not from a real model (load tests); every figure from it must be labelled "simulated". */
  simulated: boolean;
  /** Needs `prepare()` with training rows to be useful (classical baselines). */
  needsTraining: boolean;
}

export type ChatRole = "system" | "user" | "assistant" | "tool";

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** For `tool` messages: the id of the call this answers. */
  toolCallId?: string;
  /** For `assistant` messages that called tools. */
  toolCalls?: ToolCall[];
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** Arguments as the model produced them (a JSON string). */
  arguments: string;
}

export type Prompt = { kind: "chat"; messages: ChatMessage[] } | { kind: "text"; text: string };

export type ResponseFormat = { type: "text" } | { type: "json"; schema?: Record<string, unknown>; name?: string };

/** The case being evaluated, for providers that answer from data (replay, baseline, script). */
export interface CaseContext {
  id: string;
  vars: Readonly<Record<string, unknown>>;
  /** The case's reference value (the dataset's configured expected field), when it has one. */
  expected?: unknown;
}

export interface GenerateRequest {
  prompt: Prompt;
  /** Maximum output tokens. */
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  responseFormat?: ResponseFormat;
  tools?: ToolDefinition[];
  /** Extra provider-specific body parameters, passed through unchanged. */
  providerOptions?: Record<string, unknown>;
  case?: CaseContext;
  abortSignal?: AbortSignal;
}

export type FinishReason = "stop" | "length" | "tool-calls" | "content-filter" | "error" | "other";

/** A setting the provider could not honour; reported, never silently dropped. */
export interface CallWarning {
  setting: string;
  message: string;
}

export interface GenerateResult {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  toolCalls?: ToolCall[];
  warnings?: CallWarning[];
  /** Identifier of the upstream response, when there is one. */
  responseId?: string;
  /**
   * The model version the upstream reports for this answer, when it reports one: a dated model id
   * (`gpt-4o-2024-08-06`), a backend fingerprint (`system_fingerprint`), or both. Answers under one
   * model name with different versions may differ.
   */
  modelVersion?: string;
  /** Provider-measured timings where the provider itself knows them (simulated, local); in ms. */
  timing?: { latencyMs?: number; timeToFirstTokenMs?: number };
}

export type StreamPart =
  | { type: "text-delta"; text: string }
  | { type: "tool-call"; toolCall: ToolCall }
  | { type: "finish"; finishReason: FinishReason; usage: Usage; responseId?: string; modelVersion?: string; warnings?: CallWarning[] };

export interface PrepareContext {
  /** Rows of the training split (may be empty). */
  trainingRows: AsyncIterable<Readonly<Record<string, unknown>>> | Iterable<Readonly<Record<string, unknown>>>;
  /** Field of each row holding the input text. */
  inputField: string;
  /** Field of each row holding the reference answer or label. */
  expectedField: string;
  /** Where the provider may keep files (model caches). */
  workDir: string;
  signal?: AbortSignal;
}

/** An embedding model, version 1 (used by the semantic cache and cosine similarity). */
export interface EmbeddingModelV1 {
  readonly specificationVersion: "v1";
  readonly provider: string;
  readonly modelId: string;
  embed(request: { values: string[]; abortSignal?: AbortSignal }): Promise<{ embeddings: number[][]; usage: Usage }>;
  close?(): Promise<void>;
}
