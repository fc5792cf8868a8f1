import type {
  GenerateRequest,
  GenerateResult,
  LanguageModelCapabilities,
  LanguageModelV1,
  StreamPart,
  ToolCall,
} from "../../spec/language-model.js";
import { badResponseError, streamInterruptedError } from "../http/provider-errors.js";
import { TuneopsError } from "../../spec/errors.js";
import { ProviderHttpClient, isLoopbackUrl } from "../http/provider-http-client.js";
import { describeIssues } from "../http/describe-issues.js";
import { chatCompletionChunkSchema, chatCompletionSchema, type OpenAiUsage } from "./openai-compatible-api.js";
import { buildOpenAiChatBody } from "./openai-compatible-request.js";
import { mapOpenAiFinishReason, normaliseOpenAiUsage } from "./openai-compatible-usage.js";
import { reportedModelVersion } from "../model-version.js";

export interface OpenAiCompatibleModelOptions {
  /** Base URL up to and including the API version, e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer`; omit for local servers that need none. */
  apiKey?: string;
  /** Name of the variable the key came from, named in auth-error hints (never the key itself). */
  apiKeyEnv?: string;
  /** Extra headers (e.g. OpenRouter's `HTTP-Referer`, an organisation header). */
  headers?: Record<string, string>;
  /** Longest wait for the response head, and longest silence inside a streamed body, in ms. */
  timeoutMs?: number;
  /** The data stays on this machine or network; default: true for localhost, 127.0.0.0/8 and ::1. */
  local?: boolean;
  /** Sockets open at once to the server. */
  maxConnections?: number;
  /** The server honours `stream_options.include_usage` (default true; some older servers ignore it). */
  streamingUsage?: boolean;
}

const chatPath = "/chat/completions";

interface ToolCallBuilder {
  id: string;
  name: string;
  arguments: string;
}

/**
 * The adapter for every server speaking OpenAI's Chat Completions API (OpenAI, Ollama, vLLM,
 * llama.cpp server, Together, Groq, OpenRouter...). Everything goes to `POST {baseUrl}/chat/completions`:
 * a text prompt is sent as one user message (see `buildOpenAiChatBody`). It classifies failures; it
 * never retries.
 */
export class OpenAiCompatibleLanguageModel implements LanguageModelV1 {
  readonly specificationVersion = "v1" as const;
  readonly provider = "openai-compatible";
  readonly modelId: string;
  readonly capabilities: LanguageModelCapabilities;
  private readonly client: ProviderHttpClient;

  constructor(options: OpenAiCompatibleModelOptions) {
    this.modelId = options.model;
    const headers: Record<string, string> = { ...options.headers };
    if (options.apiKey) headers["authorization"] = `Bearer ${options.apiKey}`;
    const clientOptions: ConstructorParameters<typeof ProviderHttpClient>[0] = {
      baseUrl: options.baseUrl,
      headers,
      provider: "OpenAI-compatible server",
      secrets: options.apiKey ? [options.apiKey] : [],
    };
    if (options.timeoutMs !== undefined) clientOptions.timeoutMs = options.timeoutMs;
    if (options.maxConnections !== undefined) clientOptions.maxConnections = options.maxConnections;
    if (options.apiKeyEnv !== undefined) clientOptions.apiKeyEnv = options.apiKeyEnv;
    this.client = new ProviderHttpClient(clientOptions);
    this.capabilities = {
      streaming: true,
      streamingUsage: options.streamingUsage ?? true,
      chat: true,
      tools: true,
      jsonMode: true,
      jsonSchema: true,
      seed: true,
      logprobs: false,
      local: options.local ?? isLoopbackUrl(options.baseUrl),
      simulated: false,
      needsTraining: false,
    };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const { body, warnings } = buildOpenAiChatBody({ model: this.modelId, request, stream: false });
    const json = await this.client.postJson(chatPath, body, request.abortSignal);
    const parsed = chatCompletionSchema.safeParse(json);
    if (!parsed.success) throw badResponseError(this.client.errorContext(chatPath), describeIssues(parsed.error));
    const completion = parsed.data;
    const choice = completion.choices[0];
    const message = choice?.message;
    const result: GenerateResult = {
      text: message?.content ?? "",
      finishReason: mapOpenAiFinishReason(choice?.finish_reason),
      usage: normaliseOpenAiUsage(completion.usage),
    };
    const toolCalls = message?.tool_calls;
    if (toolCalls && toolCalls.length > 0) {
      result.toolCalls = toolCalls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
    }
    if (completion.id) result.responseId = completion.id;
    const modelVersion = reportedModelVersion(completion.model, completion.system_fingerprint);
    if (modelVersion) result.modelVersion = modelVersion;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
    const { body, warnings } = buildOpenAiChatBody({ model: this.modelId, request, stream: true });
    const context = this.client.errorContext(chatPath);
    let responseId: string | undefined;
    let answeredBy: string | undefined;
    let fingerprint: string | undefined;
    let finishReason: string | undefined;
    let usage: OpenAiUsage | undefined;
    let done = false;
    const toolCalls: ToolCallBuilder[] = [];
    for await (const event of this.client.postSse(chatPath, body, request.abortSignal)) {
      // Read on past [DONE] to the body's end, so the socket goes back to the pool instead of closing.
      if (done) continue;
      if (event.data === "[DONE]") {
        done = true;
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch (error) {
        throw badResponseError(context, `invalid JSON in a stream chunk: ${event.data.slice(0, 80)}`, error);
      }
      const parsed = chatCompletionChunkSchema.safeParse(json);
      if (!parsed.success) throw badResponseError(context, `stream chunk: ${describeIssues(parsed.error)}`);
      const chunk = parsed.data;
      if (chunk.error) {
        throw new TuneopsError({
          code: "provider_stream_interrupted",
          message: `${context.provider} POST ${context.url} reported an error inside the stream: ${chunk.error.message ?? "unknown error"}`,
          location: { url: context.url },
          isRetryable: true,
        });
      }
      if (chunk.id) responseId ??= chunk.id;
      if (chunk.model) answeredBy ??= chunk.model;
      if (chunk.system_fingerprint) fingerprint ??= chunk.system_fingerprint;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta;
      if (delta?.content) yield { type: "text-delta", text: delta.content };
      if (delta?.tool_calls) {
        for (const part of delta.tool_calls) {
          const builder = (toolCalls[part.index] ??= { id: "", name: "", arguments: "" });
          if (part.id) builder.id = part.id;
          if (part.function?.name) builder.name += part.function.name;
          if (part.function?.arguments) builder.arguments += part.function.arguments;
        }
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    // A body that ends cleanly after the finish reason but without [DONE] is complete (some servers
    // omit it); one that ends without a finish reason was cut.
    if (!done && finishReason === undefined) throw streamInterruptedError(context, "no finish_reason and no [DONE] before the body ended");
    for (const builder of toolCalls) {
      if (!builder) continue;
      const toolCall: ToolCall = { id: builder.id, name: builder.name, arguments: builder.arguments };
      yield { type: "tool-call", toolCall };
    }
    const finish: StreamPart = { type: "finish", finishReason: mapOpenAiFinishReason(finishReason), usage: normaliseOpenAiUsage(usage) };
    if (responseId) finish.responseId = responseId;
    const modelVersion = reportedModelVersion(answeredBy, fingerprint);
    if (modelVersion) finish.modelVersion = modelVersion;
    if (warnings.length > 0) finish.warnings = warnings;
    yield finish;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export function createOpenAiCompatibleModel(options: OpenAiCompatibleModelOptions): OpenAiCompatibleLanguageModel {
  return new OpenAiCompatibleLanguageModel(options);
}
