/**
 * What the mock servers answer, as a deterministic function of the request, and how they count
 * tokens (whitespace-separated words, plus a fixed overhead per message like OpenAI's chat format), so
 * tests can assert exact usage.
 */
export interface MockChatMessage {
  role: string;
  /** Text of the message (text parts joined; tool results included). */
  content: string;
}

export interface MockChatRequest {
  model: string;
  /** System prompt included as the first message where the protocol has a separate field. */
  messages: MockChatMessage[];
  toolNames: string[];
  /** The client asked for JSON output. */
  json: boolean;
  maxTokens: number | undefined;
  /** The body as received. */
  body: unknown;
}

export interface MockToolCall {
  name: string;
  /** Arguments as a JSON string. */
  arguments: string;
}

export type MockReply = string | { text?: string; toolCalls?: MockToolCall[] };

export type MockReplyFunction = (request: MockChatRequest) => MockReply;

/**
 * Echoes the last message. With tools on offer and a user turn last, it calls the first tool with
 * `{"input": <last user text>}` instead, so a tool round trip (call, then result, then echo) works.
 */
export function defaultMockReply(request: MockChatRequest): MockReply {
  const last = request.messages[request.messages.length - 1];
  const lastText = last?.content ?? "";
  const firstTool = request.toolNames[0];
  if (firstTool !== undefined && last?.role === "user") {
    return { toolCalls: [{ name: firstTool, arguments: JSON.stringify({ input: lastText }) }] };
  }
  const text = lastText === "" ? "ok" : lastText;
  return request.json ? JSON.stringify({ reply: text }) : text;
}

export function countMockTokens(text: string): number {
  let count = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const space = code === 32 || code === 10 || code === 9 || code === 13;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

export function countMockPromptTokens(messages: readonly MockChatMessage[]): number {
  let total = 3;
  for (const message of messages) total += 3 + countMockTokens(message.content);
  return total;
}

/** Splits text into word-sized deltas whose concatenation is the text. */
export function splitIntoDeltas(text: string): string[] {
  if (text === "") return [];
  return text.split(/(?<=\s)(?=\S)/);
}

export interface ResolvedMockReply {
  text: string;
  toolCalls: MockToolCall[];
  outputTokens: number;
  /** Cut at `maxTokens` words. */
  truncated: boolean;
}

/** Applies max tokens (in mock words) and counts output tokens. */
export function resolveMockReply(reply: MockReply, maxTokens: number | undefined): ResolvedMockReply {
  let text = typeof reply === "string" ? reply : (reply.text ?? "");
  const toolCalls = typeof reply === "string" ? [] : (reply.toolCalls ?? []);
  let truncated = false;
  if (maxTokens !== undefined && toolCalls.length === 0 && countMockTokens(text) > maxTokens) {
    text = splitIntoDeltas(text).slice(0, maxTokens).join("").trimEnd();
    truncated = true;
  }
  let outputTokens = countMockTokens(text);
  for (const call of toolCalls) outputTokens += 1 + countMockTokens(call.arguments);
  return { text, toolCalls, outputTokens: Math.max(1, outputTokens), truncated };
}
