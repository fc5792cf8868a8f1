import { isObject } from "./json-shapes.js";

/**
 * The text of a message's content: a string, or the `text` of its content parts (OpenAI's
 * `[{ type: "text", text }]`); other parts (images) carry no text. Null and missing content give "".
 */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const parts: string[] = [];
  for (const part of content) {
    if (isObject(part) && typeof part.text === "string") parts.push(part.text);
  }
  return parts.join("\n");
}

/**
 * A prompt as the leakage check compares it: case folded, punctuation and symbols dropped, runs of
 * white space collapsed. "What is 2+2?" and "what is 2 + 2" normalise alike.
 */
export function normalisePrompt(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
