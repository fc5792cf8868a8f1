import type { CallWarning, ChatMessage, GenerateRequest } from "../../spec/language-model.js";

type AnthropicContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content: string };

interface AnthropicMessageParam {
  role: "user" | "assistant";
  content: string | AnthropicContentBlock[];
}

/** Anthropic requires `max_tokens`; this is what we send when the caller set none. */
export const defaultAnthropicMaxTokens = 1024;

function parseToolInput(call: { name: string; arguments: string }, warnings: CallWarning[]): unknown {
  try {
    const input: unknown = JSON.parse(call.arguments === "" ? "{}" : call.arguments);
    if (typeof input === "object" && input !== null && !Array.isArray(input)) return input;
  } catch {
    // fall through: reported below
  }
  warnings.push({ setting: "prompt.messages.toolCalls", message: `arguments of tool call ${call.name} are not a JSON object; sent as {}` });
  return {};
}

function toAnthropicMessages(messages: readonly ChatMessage[], warnings: CallWarning[]): { system: string[]; messages: AnthropicMessageParam[] } {
  const system: string[] = [];
  const result: AnthropicMessageParam[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system":
        system.push(message.content);
        break;
      case "user":
        result.push({ role: "user", content: message.content });
        break;
      case "assistant": {
        if (!message.toolCalls || message.toolCalls.length === 0) {
          result.push({ role: "assistant", content: message.content });
          break;
        }
        const blocks: AnthropicContentBlock[] = message.content === "" ? [] : [{ type: "text", text: message.content }];
        for (const call of message.toolCalls) blocks.push({ type: "tool_use", id: call.id, name: call.name, input: parseToolInput(call, warnings) });
        result.push({ role: "assistant", content: blocks });
        break;
      }
      case "tool": {
        // Tool results travel in a user turn; consecutive results share one turn, as the API expects.
        const block: AnthropicContentBlock = { type: "tool_result", tool_use_id: message.toolCallId ?? "", content: message.content };
        const previous = result[result.length - 1];
        const previousBlocks = previous?.role === "user" && Array.isArray(previous.content) ? previous.content : undefined;
        if (previousBlocks && previousBlocks.every((item) => item.type === "tool_result")) previousBlocks.push(block);
        else result.push({ role: "user", content: [block] });
        break;
      }
    }
  }
  return { system, messages: result };
}

/**
 * Builds a Messages API body: system messages go to the top-level `system`, a text prompt becomes one
 * user turn, `max_tokens` is always sent. Settings the API lacks (seed, JSON mode) are reported as
 * warnings, never silently dropped. `providerOptions` are merged last (except streaming).
 */
export function buildAnthropicBody(options: { model: string; request: GenerateRequest; stream: boolean }): {
  body: Record<string, unknown>;
  warnings: CallWarning[];
} {
  const { request } = options;
  const warnings: CallWarning[] = [];
  const converted =
    request.prompt.kind === "text"
      ? { system: [], messages: [{ role: "user" as const, content: request.prompt.text }] }
      : toAnthropicMessages(request.prompt.messages, warnings);
  const body: Record<string, unknown> = { model: options.model, max_tokens: request.maxOutputTokens ?? defaultAnthropicMaxTokens, messages: converted.messages };
  if (converted.system.length > 0) body["system"] = converted.system.join("\n\n");
  if (request.temperature !== undefined) body["temperature"] = request.temperature;
  if (request.topP !== undefined) body["top_p"] = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body["stop_sequences"] = request.stop;
  if (request.tools && request.tools.length > 0) {
    body["tools"] = request.tools.map((tool) =>
      tool.description === undefined ? { name: tool.name, input_schema: tool.parameters } : { name: tool.name, description: tool.description, input_schema: tool.parameters },
    );
  }
  if (request.seed !== undefined) warnings.push({ setting: "seed", message: "Anthropic's Messages API has no seed parameter; outputs are not reproducible by seed." });
  if (request.responseFormat?.type === "json") {
    warnings.push({ setting: "responseFormat", message: "Anthropic's Messages API has no JSON mode; ask for JSON in the prompt and validate it with a scorer." });
  }
  if (request.providerOptions) Object.assign(body, request.providerOptions);
  if (options.stream) body["stream"] = true;
  else delete body["stream"];
  return { body, warnings };
}
