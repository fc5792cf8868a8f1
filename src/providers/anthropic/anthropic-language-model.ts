import { TuneopsError } from "../../spec/errors.js";
import type {
  GenerateRequest,
  GenerateResult,
  LanguageModelCapabilities,
  LanguageModelV1,
  StreamPart,
  ToolCall,
} from "../../spec/language-model.js";
import { describeIssues } from "../http/describe-issues.js";
import { badResponseError, streamInterruptedError, type ProviderErrorContext } from "../http/provider-errors.js";
import { ProviderHttpClient, isLoopbackUrl } from "../http/provider-http-client.js";
import { anthropicMessageSchema, anthropicStreamEventSchemas, type AnthropicUsage } from "./anthropic-api.js";
import { buildAnthropicBody } from "./anthropic-request.js";
import { mapAnthropicStopReason, mergeAnthropicUsage, normaliseAnthropicUsage } from "./anthropic-usage.js";
import { reportedModelVersion } from "../model-version.js";

export interface AnthropicModelOptions {
  /** API base URL without `/v1`, e.g. `https://api.anthropic.com`. */
  baseUrl: string;
  model: string;
  /** Sent as `x-api-key`. */
  apiKey?: string;
  /** Name of the variable the key came from, for auth-error hints; default `ANTHROPIC_API_KEY`. */
  apiKeyEnv?: string;
  /** Longest wait for the response head, and longest silence inside a streamed body, in ms. */
  timeoutMs?: number;
  maxConnections?: number;
  /** Extra headers (e.g. `anthropic-beta`). */
  headers?: Record<string, string>;
}

const messagesPath = "/v1/messages";
export const anthropicVersion = "2023-06-01";

interface ToolUseBuilder {
  id: string;
  name: string;
  json: string;
}

/** Maps an `error` event inside a stream (the HTTP status was already 200). */
function streamErrorEvent(context: ProviderErrorContext, type: string, message: string | undefined): TuneopsError {
  const text = `${context.provider} POST ${context.url} reported ${type} inside the stream: ${message ?? "no message"}`;
  const location = { url: context.url };
  if (type === "rate_limit_error") return new TuneopsError({ code: "provider_rate_limited", message: text, location, isRetryable: true });
  if (type === "overloaded_error" || type === "api_error") return new TuneopsError({ code: "provider_unavailable", message: text, location, isRetryable: true });
  if (type === "invalid_request_error") return new TuneopsError({ code: "provider_bad_request", message: text, location, isRetryable: false });
  return new TuneopsError({ code: "provider_stream_interrupted", message: text, location, isRetryable: true });
}

/** The adapter for Anthropic's Messages API. It classifies failures; it never retries. */
export class AnthropicLanguageModel implements LanguageModelV1 {
  readonly specificationVersion = "v1" as const;
  readonly provider = "anthropic";
  readonly modelId: string;
  readonly capabilities: LanguageModelCapabilities;
  private readonly client: ProviderHttpClient;

  constructor(options: AnthropicModelOptions) {
    this.modelId = options.model;
    const headers: Record<string, string> = { "anthropic-version": anthropicVersion, ...options.headers };
    if (options.apiKey) headers["x-api-key"] = options.apiKey;
    const clientOptions: ConstructorParameters<typeof ProviderHttpClient>[0] = {
      baseUrl: options.baseUrl,
      headers,
      provider: "Anthropic API",
      apiKeyEnv: options.apiKeyEnv ?? "ANTHROPIC_API_KEY",
      secrets: options.apiKey ? [options.apiKey] : [],
    };
    if (options.timeoutMs !== undefined) clientOptions.timeoutMs = options.timeoutMs;
    if (options.maxConnections !== undefined) clientOptions.maxConnections = options.maxConnections;
    this.client = new ProviderHttpClient(clientOptions);
    this.capabilities = {
      streaming: true,
      streamingUsage: true,
      chat: true,
      tools: true,
      // No native JSON mode or seed: requests for them come back as warnings.
      jsonMode: false,
      jsonSchema: false,
      seed: false,
      logprobs: false,
      local: isLoopbackUrl(options.baseUrl),
      simulated: false,
      needsTraining: false,
    };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const { body, warnings } = buildAnthropicBody({ model: this.modelId, request, stream: false });
    const json = await this.client.postJson(messagesPath, body, request.abortSignal);
    const parsed = anthropicMessageSchema.safeParse(json);
    if (!parsed.success) throw badResponseError(this.client.errorContext(messagesPath), describeIssues(parsed.error));
    const message = parsed.data;
    let text = "";
    const toolCalls: ToolCall[] = [];
    for (const block of message.content) {
      // Thinking blocks are hidden reasoning, not output text.
      if (block.type === "text") text += block.text ?? "";
      else if (block.type === "tool_use") toolCalls.push({ id: block.id ?? "", name: block.name ?? "", arguments: JSON.stringify(block.input ?? {}) });
    }
    const result: GenerateResult = {
      text,
      finishReason: mapAnthropicStopReason(message.stop_reason),
      usage: normaliseAnthropicUsage(message.usage),
      responseId: message.id,
    };
    if (toolCalls.length > 0) result.toolCalls = toolCalls;
    const modelVersion = reportedModelVersion(message.model, undefined);
    if (modelVersion) result.modelVersion = modelVersion;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
    const { body, warnings } = buildAnthropicBody({ model: this.modelId, request, stream: true });
    const context = this.client.errorContext(messagesPath);
    const schemas = anthropicStreamEventSchemas;
    let responseId: string | undefined;
    let answeredBy: string | null | undefined;
    let startUsage: AnthropicUsage | null | undefined;
    let deltaUsage: AnthropicUsage | null | undefined;
    let stopReason: string | null | undefined;
    let stopped = false;
    const toolUses = new Map<number, ToolUseBuilder>();
    for await (const event of this.client.postSse(messagesPath, body, request.abortSignal)) {
      if (stopped) continue; // drain to the body's end so the socket returns to the pool
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch (error) {
        throw badResponseError(context, `invalid JSON in a stream event: ${event.data.slice(0, 80)}`, error);
      }
      const type = typeof json === "object" && json !== null ? (json as { type?: unknown }).type : undefined;
      switch (type) {
        case "message_start": {
          const parsed = schemas.message_start.safeParse(json);
          if (!parsed.success) throw badResponseError(context, `message_start: ${describeIssues(parsed.error)}`);
          responseId = parsed.data.message.id;
          answeredBy = parsed.data.message.model;
          startUsage = parsed.data.message.usage;
          break;
        }
        case "content_block_start": {
          const parsed = schemas.content_block_start.safeParse(json);
          if (!parsed.success) throw badResponseError(context, `content_block_start: ${describeIssues(parsed.error)}`);
          const block = parsed.data.content_block;
          if (block.type === "tool_use") toolUses.set(parsed.data.index, { id: block.id ?? "", name: block.name ?? "", json: "" });
          else if (block.type === "text" && block.text) yield { type: "text-delta", text: block.text };
          break;
        }
        case "content_block_delta": {
          const parsed = schemas.content_block_delta.safeParse(json);
          if (!parsed.success) throw badResponseError(context, `content_block_delta: ${describeIssues(parsed.error)}`);
          const delta = parsed.data.delta;
          if (delta.type === "text_delta" && delta.text) yield { type: "text-delta", text: delta.text };
          else if (delta.type === "input_json_delta") {
            const builder = toolUses.get(parsed.data.index);
            if (builder) builder.json += delta.partial_json ?? "";
          }
          break;
        }
        case "content_block_stop": {
          const parsed = schemas.content_block_stop.safeParse(json);
          if (!parsed.success) throw badResponseError(context, `content_block_stop: ${describeIssues(parsed.error)}`);
          const builder = toolUses.get(parsed.data.index);
          if (builder) {
            toolUses.delete(parsed.data.index);
            yield { type: "tool-call", toolCall: { id: builder.id, name: builder.name, arguments: builder.json === "" ? "{}" : builder.json } };
          }
          break;
        }
        case "message_delta": {
          const parsed = schemas.message_delta.safeParse(json);
          if (!parsed.success) throw badResponseError(context, `message_delta: ${describeIssues(parsed.error)}`);
          if (parsed.data.delta.stop_reason) stopReason = parsed.data.delta.stop_reason;
          if (parsed.data.usage) deltaUsage = parsed.data.usage;
          break;
        }
        case "message_stop":
          stopped = true;
          break;
        case "error": {
          const parsed = schemas.error.safeParse(json);
          const error = parsed.success ? parsed.data.error : { type: "unknown_error", message: event.data.slice(0, 200) };
          throw streamErrorEvent(context, error.type, error.message);
        }
        default:
          // ping and event types added after 2023-06-01: ignored, as the API's versioning policy asks.
          break;
      }
    }
    if (!stopped) throw streamInterruptedError(context, "the body ended before message_stop");
    const finish: StreamPart = {
      type: "finish",
      finishReason: mapAnthropicStopReason(stopReason),
      usage: normaliseAnthropicUsage(mergeAnthropicUsage(startUsage, deltaUsage)),
    };
    if (responseId) finish.responseId = responseId;
    const modelVersion = reportedModelVersion(answeredBy, undefined);
    if (modelVersion) finish.modelVersion = modelVersion;
    if (warnings.length > 0) finish.warnings = warnings;
    yield finish;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export function createAnthropicModel(options: AnthropicModelOptions): AnthropicLanguageModel {
  return new AnthropicLanguageModel(options);
}
