import type { ChatHistoryItem } from "node-llama-cpp";
import type { CallWarning, ChatMessage } from "../../spec/language-model.js";

/**
 * Maps our chat messages to node-llama-cpp's history, ending with an empty model turn for the reply.
 * The adapter declares no tool support, so tool results and tool calls are carried as plain text and
 * reported in a warning rather than dropped.
 */
export function toChatHistory(messages: readonly ChatMessage[]): { history: ChatHistoryItem[]; warnings: CallWarning[] } {
  const history: ChatHistoryItem[] = [];
  let carriedToolText = false;
  for (const message of messages) {
    switch (message.role) {
      case "system":
        history.push({ type: "system", text: message.content });
        break;
      case "user":
        history.push({ type: "user", text: message.content });
        break;
      case "tool":
        carriedToolText = true;
        history.push({ type: "user", text: `Tool result${message.toolCallId ? ` (${message.toolCallId})` : ""}:\n${message.content}` });
        break;
      case "assistant": {
        const calls = (message.toolCalls ?? []).map((call) => `Called ${call.name}(${call.arguments})`);
        if (calls.length > 0) carriedToolText = true;
        const text = [message.content, ...calls].filter((part) => part.length > 0).join("\n");
        history.push({ type: "model", response: [text] });
        break;
      }
    }
  }
  history.push({ type: "model", response: [] });
  const warnings: CallWarning[] = carriedToolText
    ? [{ setting: "prompt.messages", message: "tool calls and tool results were passed to the local model as plain text (no tool support)" }]
    : [];
  return { history, warnings };
}
