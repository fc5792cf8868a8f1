import type { TokenCountChatExample, TokenCountChatMessage } from "../../spec/token-counter.js";

/**
 * Chat formatting overhead as OpenAI's cookbook counts it (`num_tokens_from_messages` for the gpt-4o
 * and gpt-4 families): 3 tokens per message (`<|start|>role<|message|>...<|end|>`), 1 more when the
 * message has a `name`, 3 to prime the reply. Each message value (role, content, name) is encoded.
 */
export const chatOverhead = { perMessage: 3, perName: 1, replyPriming: 3 } as const;

/**
 * Tool definitions, as the cookbook's `num_tokens_for_tools` counts them: a fixed cost per function
 * and per property around the encoded `name:description` and `property:type:description` lines, and
 * `func_end` once when any tool is present. Constants differ by family (7 per function for gpt-4o and
 * later, 10 for gpt-4 and gpt-3.5).
 */
export interface ToolOverhead {
  functionInit: number;
  propertyInit: number;
  propertyKey: number;
  enumInit: number;
  enumItem: number;
  functionEnd: number;
}

export const toolOverheadO200k: ToolOverhead = { functionInit: 7, propertyInit: 3, propertyKey: 3, enumInit: -3, enumItem: 3, functionEnd: 12 };
export const toolOverheadCl100k: ToolOverhead = { ...toolOverheadO200k, functionInit: 10 };

type CountText = (text: string) => number;

/** The text of a message's content: a string, or the `text` of its text parts (images are not priced here). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => (typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : ""))
    .join("");
}

/**
 * A tool call counts as its function name and its JSON arguments encoded (the cookbook does not count
 * tool calls; this is the closest honest figure: what the model must produce).
 */
function toolCallsTokens(calls: readonly unknown[], countText: CountText): number {
  let total = 0;
  for (const call of calls) {
    if (typeof call !== "object" || call === null) continue;
    const fn = (call as { function?: { name?: unknown; arguments?: unknown } }).function;
    if (fn === undefined) continue;
    if (typeof fn.name === "string") total += countText(fn.name);
    if (typeof fn.arguments === "string") total += countText(fn.arguments);
    else if (fn.arguments !== undefined) total += countText(JSON.stringify(fn.arguments));
  }
  return total;
}

function messageTokens(message: TokenCountChatMessage, countText: CountText): number {
  let total = chatOverhead.perMessage + countText(message.role) + countText(contentText(message.content));
  if (message.name !== undefined) total += countText(message.name) + chatOverhead.perName;
  if (message.tool_calls) total += toolCallsTokens(message.tool_calls, countText);
  if (message.function_call !== undefined) total += toolCallsTokens([{ function: message.function_call }], countText);
  if (message.tool_call_id !== undefined) total += countText(message.tool_call_id);
  return total;
}

interface ToolFunction {
  name?: unknown;
  description?: unknown;
  parameters?: { properties?: Record<string, { type?: unknown; description?: unknown; enum?: unknown }> };
}

function withoutFinalPeriod(text: string): string {
  return text.endsWith(".") ? text.slice(0, -1) : text;
}

/** Tokens of the tool definitions (OpenAI `tools`: `{ type: "function", function: {...} }`). */
export function toolsTokens(options: { tools: readonly unknown[]; countText: CountText; overhead: ToolOverhead }): number {
  const { tools, countText, overhead } = options;
  if (tools.length === 0) return 0;
  let total = 0;
  for (const tool of tools) {
    const fn = (typeof tool === "object" && tool !== null ? ((tool as { function?: ToolFunction }).function ?? (tool as ToolFunction)) : {}) as ToolFunction;
    total += overhead.functionInit;
    const name = typeof fn.name === "string" ? fn.name : "";
    const description = typeof fn.description === "string" ? withoutFinalPeriod(fn.description) : "";
    total += countText(`${name}:${description}`);
    const properties = Object.entries(fn.parameters?.properties ?? {});
    if (properties.length === 0) continue;
    total += overhead.propertyInit;
    for (const [key, property] of properties) {
      total += overhead.propertyKey;
      if (Array.isArray(property.enum)) {
        total += overhead.enumInit;
        for (const item of property.enum) total += overhead.enumItem + countText(String(item));
      }
      const type = typeof property.type === "string" ? property.type : "";
      const propertyDescription = typeof property.description === "string" ? withoutFinalPeriod(property.description) : "";
      total += countText(`${key}:${type}:${propertyDescription}`);
    }
  }
  return total + overhead.functionEnd;
}

/** Tokens of one chat example: its messages with their formatting, the reply priming, and its tools. */
export function chatTokens(options: { example: TokenCountChatExample; countText: CountText; toolOverhead: ToolOverhead }): number {
  const { example, countText } = options;
  let total = chatOverhead.replyPriming;
  for (const message of example.messages) total += messageTokens(message, countText);
  if (example.tools) total += toolsTokens({ tools: example.tools, countText, overhead: options.toolOverhead });
  return total;
}
