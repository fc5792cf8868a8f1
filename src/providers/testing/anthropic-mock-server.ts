import type { ServerResponse } from "node:http";
import {
  countMockPromptTokens,
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
 * A local server speaking Anthropic's Messages API (`POST /v1/messages`, version 2023-06-01, JSON and
 * SSE events `message_start` ... `message_stop`), with Anthropic's error bodies and headers. Answers
 * are a deterministic function of the request; faults are injected on demand.
 */
export interface AnthropicMockServerOptions {
  port?: number;
  /** When set, requests must carry `x-api-key: <apiKey>` (else 401 like Anthropic). */
  apiKey?: string;
  reply?: MockReplyFunction;
}

function errorBody(type: string, message: string): string {
  return JSON.stringify({ type: "error", error: { type, message } });
}

function sendError(response: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  sendBody(response, { status, contentType: "application/json", body, headers: { "request-id": "req_mock", ...headers } });
}

type JsonObject = Record<string, unknown>;

function asRecord(value: unknown): JsonObject {
  return typeof value === "object" && value !== null ? (value as JsonObject) : {};
}

/** Text of a content field (a string, or blocks of text and tool results). */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block: unknown) => {
      const record = asRecord(block);
      if (record["type"] === "text" && typeof record["text"] === "string") return record["text"];
      if (record["type"] === "tool_result") return contentText(record["content"]);
      return "";
    })
    .join("");
}

function toMockRequest(body: JsonObject): MockChatRequest {
  const messages: MockChatMessage[] = [];
  const system = contentText(body["system"]);
  if (system !== "") messages.push({ role: "system", content: system });
  for (const message of Array.isArray(body["messages"]) ? (body["messages"] as unknown[]) : []) {
    const record = asRecord(message);
    const content = record["content"];
    // A user turn made only of tool results answers a tool call: the mock then echoes instead of calling again.
    const onlyToolResults = Array.isArray(content) && content.length > 0 && content.every((block: unknown) => asRecord(block)["type"] === "tool_result");
    messages.push({ role: onlyToolResults ? "tool" : String(record["role"] ?? "user"), content: contentText(content) });
  }
  const tools = Array.isArray(body["tools"]) ? (body["tools"] as unknown[]) : [];
  const maxTokens = body["max_tokens"];
  return {
    model: typeof body["model"] === "string" ? body["model"] : "",
    messages,
    toolNames: tools.map((tool) => String(asRecord(tool)["name"] ?? "tool")),
    json: false,
    maxTokens: typeof maxTokens === "number" ? maxTokens : undefined,
    body,
  };
}

function stopReasonOf(reply: ResolvedMockReply): string {
  if (reply.toolCalls.length > 0) return "tool_use";
  return reply.truncated ? "max_tokens" : "end_turn";
}

function handleFault(fault: MockFault, response: ServerResponse): boolean {
  switch (fault.kind) {
    case "rate-limit":
      sendError(response, 429, errorBody("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."), {
        "retry-after": String(fault.retryAfterSeconds ?? 1),
        "anthropic-ratelimit-requests-remaining": "0",
      });
      return true;
    case "server-error": {
      const status = fault.status ?? 529;
      sendError(response, status, status === 529 ? errorBody("overloaded_error", "Overloaded") : errorBody("api_error", "Internal server error"));
      return true;
    }
    case "auth-error":
      sendError(response, 401, errorBody("authentication_error", "invalid x-api-key"));
      return true;
    default:
      return false;
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function answer(exchange: MockExchange, options: AnthropicMockServerOptions): void {
  const { response, fault } = exchange;
  const body = asRecord(exchange.body);
  if (fault && handleFault(fault, response)) return;
  if (typeof body["max_tokens"] !== "number") {
    sendError(response, 400, errorBody("invalid_request_error", "max_tokens: Field required"));
    return;
  }
  const request = toMockRequest(body);
  if (!request.messages.some((message) => message.role !== "system")) {
    sendError(response, 400, errorBody("invalid_request_error", "messages: at least one message is required"));
    return;
  }
  const reply = resolveMockReply((options.reply ?? defaultMockReply)(request), request.maxTokens);
  const inputTokens = countMockPromptTokens(request.messages);
  const id = `msg_mock_${exchange.sequence}`;
  const toolUses = reply.toolCalls.map((call, index) => ({ type: "tool_use", id: `toolu_mock_${exchange.sequence}_${index}`, name: call.name, input: JSON.parse(call.arguments) as unknown }));
  const usage = { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: reply.outputTokens };
  if (body["stream"] === true) {
    const events: string[] = [
      event("message_start", {
        type: "message_start",
        message: { id, type: "message", role: "assistant", model: request.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
      }),
      event("ping", { type: "ping" }),
    ];
    let index = 0;
    if (reply.text !== "") {
      events.push(event("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } }));
      for (const piece of splitIntoDeltas(reply.text)) events.push(event("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } }));
      events.push(event("content_block_stop", { type: "content_block_stop", index }));
      index++;
    }
    for (const tool of toolUses) {
      events.push(event("content_block_start", { type: "content_block_start", index, content_block: { ...tool, input: {} } }));
      for (const piece of splitIntoDeltas(JSON.stringify(tool.input))) {
        events.push(event("content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: piece } }));
      }
      events.push(event("content_block_stop", { type: "content_block_stop", index }));
      index++;
    }
    events.push(event("message_delta", { type: "message_delta", delta: { stop_reason: stopReasonOf(reply), stop_sequence: null }, usage: { output_tokens: reply.outputTokens } }));
    events.push(event("message_stop", { type: "message_stop" }));
    startEventStream(response);
    if (fault?.kind === "cut-stream") {
      cutAfter(response, events.slice(0, Math.max(1, Math.floor(events.length / 2))).join(""));
      return;
    }
    if (fault?.kind === "malformed-json") events.splice(2, 0, 'event: content_block_start\ndata: {"type": "content_block_start", "index": 0,\n\n');
    response.end(events.join(""));
    return;
  }
  const content: unknown[] = reply.text === "" ? [] : [{ type: "text", text: reply.text }];
  content.push(...toolUses);
  const text = JSON.stringify({ id, type: "message", role: "assistant", model: request.model, content, stop_reason: stopReasonOf(reply), stop_sequence: null, usage });
  if (fault?.kind === "malformed-json") {
    sendBody(response, { status: 200, contentType: "application/json", body: text.slice(0, Math.floor(text.length / 2)) });
  } else if (fault?.kind === "cut-stream") {
    cutAfter(response, text.slice(0, Math.floor(text.length / 2)), Buffer.byteLength(text));
  } else {
    sendBody(response, { status: 200, contentType: "application/json", body: text });
  }
}

export async function startAnthropicMockServer(options: AnthropicMockServerOptions = {}): Promise<MockServer> {
  const serverOptions: Parameters<typeof startMockServer>[0] = {
    basePath: "",
    invalidBody: (response) => sendError(response, 400, errorBody("invalid_request_error", "There was an issue with the request body: invalid JSON.")),
    handle: (exchange) => {
      const { response, headers } = exchange;
      if (options.apiKey !== undefined && headers["x-api-key"] !== options.apiKey) {
        sendError(response, 401, errorBody("authentication_error", "invalid x-api-key"));
        return;
      }
      if (exchange.method !== "POST" || exchange.path !== "/v1/messages") {
        sendError(response, 404, errorBody("not_found_error", `Not found: ${exchange.method} ${exchange.path}`));
        return;
      }
      if (headers["anthropic-version"] === undefined) {
        sendError(response, 400, errorBody("invalid_request_error", "anthropic-version: header is required"));
        return;
      }
      answer(exchange, options);
    },
  };
  if (options.port !== undefined) serverOptions.port = options.port;
  return startMockServer(serverOptions);
}
