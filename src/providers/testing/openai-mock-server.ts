import type { ServerResponse } from "node:http";
import {
  countMockPromptTokens,
  countMockTokens,
  defaultMockReply,
  resolveMockReply,
  splitIntoDeltas,
  type MockChatMessage,
  type MockChatRequest,
  type MockReplyFunction,
  type ResolvedMockReply,
} from "./mock-reply.js";
import { cutAfter, sendBody, startEventStream, startMockServer, type MockExchange, type MockFault, type MockServer } from "./mock-server.js";

/**
 * A local server speaking OpenAI's Chat Completions protocol (`POST /v1/chat/completions`, JSON and
 * SSE with `stream_options.include_usage`, `GET /v1/models`), embeddings (`POST /v1/embeddings`, see
 * `mockEmbedding`) and moderation (`POST /v1/moderations`, see `mockModerationTriggers`), with OpenAI's
 * error bodies and headers.
 * Answers are a deterministic function of the request; faults are injected on demand.
 */
export interface OpenAiMockServerOptions {
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (else 401 like OpenAI). */
  apiKey?: string;
  /** What to answer; default `defaultMockReply` (echo, or a call of the first tool). */
  reply?: MockReplyFunction;
  /** The `system_fingerprint` of each answer (default `fp_mock`): change it to play an upstream that changed its model. */
  systemFingerprint?: () => string;
}

function errorBody(message: string, type: string, code: string | null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

function sendError(response: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  sendBody(response, { status, contentType: "application/json", body, headers: headers ?? {} });
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part: unknown) => (typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : "")).join("");
  }
  return "";
}

function toMockRequest(body: Record<string, unknown>): MockChatRequest {
  const rawMessages = Array.isArray(body["messages"]) ? (body["messages"] as unknown[]) : [];
  const messages: MockChatMessage[] = rawMessages.map((message) => {
    const record = (typeof message === "object" && message !== null ? message : {}) as Record<string, unknown>;
    return { role: typeof record["role"] === "string" ? record["role"] : "user", content: contentText(record["content"]) };
  });
  const tools = Array.isArray(body["tools"]) ? (body["tools"] as unknown[]) : [];
  const toolNames = tools.map((tool) => {
    const name = (tool as { function?: { name?: unknown } } | null)?.function?.name;
    return typeof name === "string" ? name : "tool";
  });
  const format = (body["response_format"] as { type?: unknown } | undefined)?.type;
  const maxTokens = body["max_completion_tokens"] ?? body["max_tokens"];
  return {
    model: typeof body["model"] === "string" ? body["model"] : "",
    messages,
    toolNames,
    json: format === "json_object" || format === "json_schema",
    maxTokens: typeof maxTokens === "number" ? maxTokens : undefined,
    body,
  };
}

function finishReasonOf(reply: ResolvedMockReply): string {
  if (reply.toolCalls.length > 0) return "tool_calls";
  return reply.truncated ? "length" : "stop";
}

function usageOf(promptTokens: number, reply: ResolvedMockReply): Record<string, unknown> {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: reply.outputTokens,
    total_tokens: promptTokens + reply.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function handleFault(fault: MockFault, response: ServerResponse): boolean {
  switch (fault.kind) {
    case "rate-limit":
      sendError(response, 429, errorBody("Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"), {
        "retry-after": String(fault.retryAfterSeconds ?? 1),
        "x-ratelimit-remaining-requests": "0",
      });
      return true;
    case "server-error":
      sendError(response, fault.status ?? 500, errorBody("The server had an error while processing your request. Sorry about that!", "server_error", null));
      return true;
    case "auth-error":
      sendError(response, 401, errorBody("Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));
      return true;
    default:
      return false;
  }
}

function answer(exchange: MockExchange, options: OpenAiMockServerOptions): void {
  const { response, fault } = exchange;
  const body = (typeof exchange.body === "object" && exchange.body !== null ? exchange.body : {}) as Record<string, unknown>;
  if (fault && handleFault(fault, response)) return;
  const request = toMockRequest(body);
  if (request.messages.length === 0) {
    sendError(response, 400, errorBody("[] is too short - 'messages'", "invalid_request_error", null));
    return;
  }
  const reply = resolveMockReply((options.reply ?? defaultMockReply)(request), request.maxTokens);
  const promptTokens = countMockPromptTokens(request.messages);
  const id = `chatcmpl-mock-${exchange.sequence}`;
  const fingerprint = options.systemFingerprint?.() ?? "fp_mock";
  const created = 1_700_000_000 + exchange.sequence;
  const toolCalls = reply.toolCalls.map((call, index) => ({ id: `call_mock_${exchange.sequence}_${index}`, type: "function", function: call }));
  if (body["stream"] === true) {
    const includeUsage = (body["stream_options"] as { include_usage?: unknown } | undefined)?.include_usage === true;
    streamAnswer({ response, fault, id, created, model: request.model, fingerprint, reply, toolCalls, includeUsage, usage: usageOf(promptTokens, reply) });
    return;
  }
  const message: Record<string, unknown> = { role: "assistant", content: toolCalls.length > 0 && reply.text === "" ? null : reply.text, refusal: null };
  if (toolCalls.length > 0) message["tool_calls"] = toolCalls;
  const text = JSON.stringify({
    id,
    object: "chat.completion",
    created,
    model: request.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonOf(reply) }],
    usage: usageOf(promptTokens, reply),
    system_fingerprint: fingerprint,
  });
  if (fault?.kind === "malformed-json") {
    sendBody(response, { status: 200, contentType: "application/json", body: text.slice(0, Math.floor(text.length / 2)) });
  } else if (fault?.kind === "cut-stream") {
    cutAfter(response, text.slice(0, Math.floor(text.length / 2)), Buffer.byteLength(text));
  } else {
    sendBody(response, { status: 200, contentType: "application/json", body: text });
  }
}

function streamAnswer(options: {
  response: ServerResponse;
  fault: MockFault | undefined;
  id: string;
  created: number;
  model: string;
  fingerprint: string;
  reply: ResolvedMockReply;
  toolCalls: { id: string; type: string; function: { name: string; arguments: string } }[];
  includeUsage: boolean;
  usage: Record<string, unknown>;
}): void {
  const { response, reply } = options;
  const base = `{"id":${JSON.stringify(options.id)},"object":"chat.completion.chunk","created":${options.created},"model":${JSON.stringify(options.model)},"system_fingerprint":${JSON.stringify(options.fingerprint)},`;
  const usageNull = options.includeUsage ? ',"usage":null' : "";
  const chunk = (delta: unknown, finishReason: string | null): string =>
    `data: ${base}"choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}]${usageNull}}\n\n`;
  const events: string[] = [chunk({ role: "assistant", content: "", refusal: null }, null)];
  for (const piece of splitIntoDeltas(reply.text)) events.push(chunk({ content: piece }, null));
  options.toolCalls.forEach((call, index) => {
    events.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }, null));
    for (const piece of splitIntoDeltas(call.function.arguments)) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
  });
  events.push(chunk({}, finishReasonOf(reply)));
  if (options.includeUsage) events.push(`data: ${base}"choices":[],"usage":${JSON.stringify(options.usage)}}\n\n`);
  events.push("data: [DONE]\n\n");
  startEventStream(response);
  if (options.fault?.kind === "cut-stream") {
    cutAfter(response, events.slice(0, Math.max(1, Math.floor(events.length / 2))).join(""));
    return;
  }
  if (options.fault?.kind === "malformed-json") events.splice(1, 0, `data: ${base}"choices":[{"index":0,"delta":{"content":\n\n`);
  response.end(events.join(""));
}

/** Sends a 200 JSON body, or half of it under a `malformed-json` fault. */
function sendJson(exchange: MockExchange, text: string): void {
  const body = exchange.fault?.kind === "malformed-json" ? text.slice(0, Math.floor(text.length / 2)) : text;
  sendBody(exchange.response, { status: 200, contentType: "application/json", body });
}

/** A string or a non-empty list of strings, as OpenAI's `input`; undefined when the body has neither. */
function inputTexts(body: Record<string, unknown>): string[] | undefined {
  const input = body["input"];
  if (typeof input === "string") return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === "string")) return input as string[];
  return undefined;
}

const mockEmbeddingDimensions = 64;

/** FNV-1a, 32 bits: a fixed, fast hash so the mock's vectors are the same on every machine. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A deterministic embedding: a signed, hashed bag of lower-cased words, L2-normalised, so texts that
 * share words are close (cosine near 1 for the same words) and texts that share none are near 0.
 */
export function mockEmbedding(text: string, dimensions = mockEmbeddingDimensions): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const hash = fnv1a(word);
    const slot = hash % dimensions;
    vector[slot] = (vector[slot] as number) + ((hash >>> 16) & 1 ? 1 : -1);
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  // No words (empty text, punctuation only): a fixed unit vector rather than zeros, as real models give.
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  return vector.map((value) => value * scale);
}

function answerEmbeddings(exchange: MockExchange): void {
  const { response, fault } = exchange;
  if (fault && handleFault(fault, response)) return;
  const body = (typeof exchange.body === "object" && exchange.body !== null ? exchange.body : {}) as Record<string, unknown>;
  const texts = inputTexts(body);
  if (texts === undefined) {
    sendError(response, 400, errorBody("'input' must be a string or a non-empty array of strings.", "invalid_request_error", null));
    return;
  }
  const requested = body["dimensions"];
  const dimensions = typeof requested === "number" && Number.isInteger(requested) && requested > 0 && requested <= 4096 ? requested : mockEmbeddingDimensions;
  const tokens = texts.reduce((sum, text) => sum + countMockTokens(text), 0);
  sendJson(
    exchange,
    JSON.stringify({
      object: "list",
      data: texts.map((text, index) => ({ object: "embedding", index, embedding: mockEmbedding(text, dimensions) })),
      model: typeof body["model"] === "string" ? body["model"] : "",
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    }),
  );
}

/** Words that make the mock moderation endpoint flag a text, by category. */
export const mockModerationTriggers: Readonly<Record<string, readonly string[]>> = {
  harassment: ["idiot", "moron", "stupid", "loser"],
  hate: ["hate", "vermin"],
  violence: ["kill", "attack", "shoot"],
  "self-harm": ["suicide"],
  sexual: ["nsfw"],
};

/** Score of a category: 1 - 0.1^(trigger words found), so one trigger gives 0.9; none gives 0.0001. */
function moderate(text: string): { flagged: boolean; categories: Record<string, boolean>; category_scores: Record<string, number> } {
  const words = text.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [];
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  for (const [category, triggers] of Object.entries(mockModerationTriggers)) {
    const found = words.filter((word) => triggers.includes(word)).length;
    scores[category] = found === 0 ? 0.0001 : 1 - 0.1 ** found;
    categories[category] = found > 0;
  }
  return { flagged: Object.values(categories).some(Boolean), categories, category_scores: scores };
}

function answerModerations(exchange: MockExchange): void {
  const { response, fault } = exchange;
  if (fault && handleFault(fault, response)) return;
  const body = (typeof exchange.body === "object" && exchange.body !== null ? exchange.body : {}) as Record<string, unknown>;
  const texts = inputTexts(body);
  if (texts === undefined) {
    sendError(response, 400, errorBody("'input' must be a string or a non-empty array of strings.", "invalid_request_error", null));
    return;
  }
  sendJson(
    exchange,
    JSON.stringify({
      id: `modr-mock-${exchange.sequence}`,
      model: typeof body["model"] === "string" ? body["model"] : "omni-moderation-latest",
      results: texts.map(moderate),
    }),
  );
}

export async function startOpenAiMockServer(options: OpenAiMockServerOptions = {}): Promise<MockServer> {
  const serverOptions: Parameters<typeof startMockServer>[0] = {
    basePath: "/v1",
    invalidBody: (response) =>
      sendError(response, 400, errorBody("We could not parse the JSON body of your request.", "invalid_request_error", null)),
    handle: (exchange) => {
      const { response } = exchange;
      if (options.apiKey !== undefined && exchange.headers.authorization !== `Bearer ${options.apiKey}`) {
        sendError(response, 401, errorBody("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
        return;
      }
      if (exchange.method === "GET" && exchange.path === "/v1/models") {
        sendBody(response, { status: 200, contentType: "application/json", body: JSON.stringify({ object: "list", data: [{ id: "mock-model", object: "model", created: 1_700_000_000, owned_by: "tuneops" }] }) });
        return;
      }
      if (exchange.method === "POST" && exchange.path === "/v1/embeddings") {
        answerEmbeddings(exchange);
        return;
      }
      if (exchange.method === "POST" && exchange.path === "/v1/moderations") {
        answerModerations(exchange);
        return;
      }
      if (exchange.method !== "POST" || exchange.path !== "/v1/chat/completions") {
        sendError(response, 404, errorBody(`Unknown request URL: ${exchange.method} ${exchange.path}.`, "invalid_request_error", "unknown_url"));
        return;
      }
      answer(exchange, options);
    },
  };
  if (options.port !== undefined) serverOptions.port = options.port;
  return startMockServer(serverOptions);
}
