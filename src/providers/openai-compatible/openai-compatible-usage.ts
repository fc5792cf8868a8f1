import type { FinishReason } from "../../spec/language-model.js";
import type { Usage } from "../../spec/usage.js";
import type { OpenAiUsage } from "./openai-compatible-api.js";

/**
 * Normalises OpenAI usage at the edge. OpenAI's `prompt_tokens` already include cached tokens and its
 * `completion_tokens` already include reasoning tokens, so the totals are taken as they are and the
 * details become the breakdown.
 */
export function normaliseOpenAiUsage(usage: OpenAiUsage | null | undefined): Usage {
  const breakdown: Usage["breakdown"] = {};
  const cached = usage?.prompt_tokens_details?.cached_tokens;
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  if (cached !== undefined && cached !== null) breakdown.cacheReadTokens = cached;
  if (reasoning !== undefined && reasoning !== null) breakdown.reasoningTokens = reasoning;
  return { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0, breakdown };
}

export function mapOpenAiFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool-calls";
    case "content_filter":
      return "content-filter";
    default:
      return "other";
  }
}
