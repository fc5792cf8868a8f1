import type { TokenCounterV1 } from "../../spec/token-counter.js";
import { chatTokens, toolOverheadCl100k, toolOverheadO200k, type ToolOverhead } from "./chat-token-count.js";

/** The tokenizers tuneops ships (OpenAI's, from gpt-tokenizer). */
export type EncodingName = "o200k_base" | "cl100k_base";

/** The counter chosen for a model, and whether its counts are exact or an approximation. */
export interface TokenCounterChoice {
  counter: TokenCounterV1;
  /** The model family the id was recognised as: `openai-o200k`, `openai-cl100k` or `other`. */
  family: "openai-o200k" | "openai-cl100k" | "other";
  /** True when the model's own tokenizer is not available and counts are an estimate. */
  approximate: boolean;
  /** For people: which tokenizer, and how far to trust it. */
  note: string;
}

/** OpenAI models on o200k_base: gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4 and their fine-tuned ids. */
const o200kFamily = /^(?:ft:)?(?:openai\/)?(?:gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4|chatgpt-4o)/i;
/** OpenAI models on cl100k_base: gpt-4 (not 4o), gpt-3.5-turbo, the text-embedding-3 and ada-002 embeddings. */
const cl100kFamily = /^(?:ft:)?(?:openai\/)?(?:gpt-4(?!o|\.)|gpt-3\.5|text-embedding-3|text-embedding-ada-002)/i;

interface EncodingModule {
  countTokens(text: string): number;
}

async function loadEncoding(name: EncodingName): Promise<EncodingModule> {
  // Loaded on demand: each encoding's ranks take a few hundred milliseconds to read.
  return name === "o200k_base" ? import("gpt-tokenizer/encoding/o200k_base") : import("gpt-tokenizer/encoding/cl100k_base");
}

/** A TokenCounterV1 over one of OpenAI's encodings, with OpenAI's chat and tool formatting. */
export async function createOpenAiTokenCounter(options: { encoding: EncodingName; toolOverhead?: ToolOverhead }): Promise<TokenCounterV1> {
  const encoding = await loadEncoding(options.encoding);
  const toolOverhead = options.toolOverhead ?? (options.encoding === "o200k_base" ? toolOverheadO200k : toolOverheadCl100k);
  // Special-token text in user data ("<|endoftext|>") is counted as plain text, as training data is.
  const countText = (text: string): number => (text.length === 0 ? 0 : encoding.countTokens(text));
  return {
    specificationVersion: "v1",
    encoding: options.encoding,
    countText,
    countChat: (example) => chatTokens({ example, countText, toolOverhead }),
  };
}

/**
 * The token counter for a model id: OpenAI families get their own encoding (exact text counts, chat
 * overhead as OpenAI's cookbook counts it). Other families (Claude, Llama, Mistral, Gemma, Qwen, ...)
 * get o200k_base as an approximation: their tokenizers are not shipped here (Anthropic publishes none
 * for current Claude models); expect their real counts to differ by roughly 10-30%.
 */
export async function tokenCounterFor(modelId: string): Promise<TokenCounterChoice> {
  if (o200kFamily.test(modelId)) {
    return { counter: await createOpenAiTokenCounter({ encoding: "o200k_base" }), family: "openai-o200k", approximate: false, note: "o200k_base, the tokenizer of this OpenAI model family" };
  }
  if (cl100kFamily.test(modelId)) {
    return { counter: await createOpenAiTokenCounter({ encoding: "cl100k_base" }), family: "openai-cl100k", approximate: false, note: "cl100k_base, the tokenizer of this OpenAI model family" };
  }
  return {
    counter: await createOpenAiTokenCounter({ encoding: "o200k_base" }),
    family: "other",
    approximate: true,
    note: `approximation: "${modelId}" is not an OpenAI model and its own tokenizer is not available here, so o200k_base with OpenAI's chat formatting stands in for it (real counts typically differ by 10-30%)`,
  };
}
