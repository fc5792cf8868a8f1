import type { CallWarning, ChatMessage, GenerateRequest } from "../../spec/language-model.js";

/** A chat message as the Chat Completions API takes it. */
type OpenAiMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: OpenAiToolCall[] }
  | { role: "tool"; content: string; tool_call_id: string };

interface OpenAiToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

function toOpenAiMessage(message: ChatMessage): OpenAiMessage {
  switch (message.role) {
    case "assistant":
      if (message.toolCalls && message.toolCalls.length > 0) {
        return {
          role: "assistant",
          content: message.content === "" ? null : message.content,
          tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } })),
        };
      }
      return { role: "assistant", content: message.content };
    case "tool":
      return { role: "tool", content: message.content, tool_call_id: message.toolCallId ?? "" };
    default:
      return { role: message.role, content: message.content };
  }
}

/**
 * Builds a Chat Completions body. A text prompt is sent as one user message: every compatible server
 * implements chat, while `/completions` is legacy on OpenAI and absent on several servers, and the
 * server's chat template is the right way to prompt an instruction-tuned model anyway.
 * `providerOptions` are merged last, so they can add or override any parameter except streaming.
 */
export function buildOpenAiChatBody(options: { model: string; request: GenerateRequest; stream: boolean }): {
  body: Record<string, unknown>;
  warnings: CallWarning[];
} {
  const { request } = options;
  const messages: OpenAiMessage[] =
    request.prompt.kind === "text" ? [{ role: "user", content: request.prompt.text }] : request.prompt.messages.map(toOpenAiMessage);
  const body: Record<string, unknown> = { model: options.model, messages };
  if (request.maxOutputTokens !== undefined) body["max_tokens"] = request.maxOutputTokens;
  if (request.temperature !== undefined) body["temperature"] = request.temperature;
  if (request.topP !== undefined) body["top_p"] = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body["stop"] = request.stop;
  if (request.seed !== undefined) body["seed"] = request.seed;
  const format = request.responseFormat;
  if (format?.type === "json") {
    body["response_format"] = format.schema
      ? { type: "json_schema", json_schema: { name: format.name ?? "response", schema: format.schema } }
      : { type: "json_object" };
  }
  if (request.tools && request.tools.length > 0) {
    body["tools"] = request.tools.map((tool) => ({
      type: "function",
      function: tool.description === undefined ? { name: tool.name, parameters: tool.parameters } : { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  if (request.providerOptions) Object.assign(body, request.providerOptions);
  if (options.stream) {
    body["stream"] = true;
    // Usage arrives in one extra chunk before [DONE]; without it streamed calls could not be priced.
    body["stream_options"] = { include_usage: true };
  } else {
    delete body["stream"];
    delete body["stream_options"];
  }
  return { body, warnings: [] };
}
