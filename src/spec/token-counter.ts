/**
 * Token counting contract: counts tokens the way a model family's tokenizer does, chat formatting
 * included. Used to estimate fine-tuning cost (billed training tokens) and to validate training data
 * (examples over the context limit). Implementations live in src/finetune/tokens/.
 */
export interface TokenCounterV1 {
  readonly specificationVersion: "v1";
  /** The tokenizer's name, e.g. `o200k_base`. */
  readonly encoding: string;
  /** Tokens of a plain text. */
  countText(text: string): number;
  /**
   * Tokens of one chat example as the model sees it in training: every message (role, content, name,
   * tool calls), the tool definitions, and the per-message formatting overhead.
   */
  countChat(example: TokenCountChatExample): number;
}

/** One message of a chat example, as in OpenAI's chat fine-tuning format. */
export interface TokenCountChatMessage {
  role: string;
  /** A string, null (assistant tool calls), or content parts (`{ type: "text", text }`). */
  content?: unknown;
  name?: string;
  tool_calls?: readonly unknown[];
  tool_call_id?: string;
  function_call?: unknown;
}

export interface TokenCountChatExample {
  messages: readonly TokenCountChatMessage[];
  /** Tool (function) definitions offered to the model, OpenAI's `tools` format. */
  tools?: readonly unknown[];
}
