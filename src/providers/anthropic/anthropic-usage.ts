import type { FinishReason } from "../../spec/language-model.js";
import type { Usage } from "../../spec/usage.js";
import type { AnthropicUsage } from "./anthropic-api.js";

/**
 * Normalises Anthropic usage at the edge. Anthropic's `input_tokens` count only the tokens after the
 * last cache breakpoint, so all input is `input_tokens + cache_creation_input_tokens +
 * cache_read_input_tokens`; `output_tokens` already include extended thinking.
 */
export function normaliseAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const input = usage?.input_tokens ?? 0;
  const cacheWrite = usage?.cache_creation_input_tokens;
  const cacheRead = usage?.cache_read_input_tokens;
  const breakdown: Usage["breakdown"] = {};
  if (cacheRead !== undefined && cacheRead !== null) breakdown.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined && cacheWrite !== null) breakdown.cacheWriteTokens = cacheWrite;
  return { inputTokens: input + (cacheWrite ?? 0) + (cacheRead ?? 0), outputTokens: usage?.output_tokens ?? 0, breakdown };
}

/** Streams report usage twice: `message_start` (input) and `message_delta` (cumulative; wins where present). */
export function mergeAnthropicUsage(start: AnthropicUsage | null | undefined, delta: AnthropicUsage | null | undefined): AnthropicUsage {
  return {
    input_tokens: delta?.input_tokens ?? start?.input_tokens ?? null,
    output_tokens: delta?.output_tokens ?? start?.output_tokens ?? null,
    cache_creation_input_tokens: delta?.cache_creation_input_tokens ?? start?.cache_creation_input_tokens ?? null,
    cache_read_input_tokens: delta?.cache_read_input_tokens ?? start?.cache_read_input_tokens ?? null,
  };
}

export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool-calls";
    case "refusal":
      return "content-filter";
    default:
      return "other";
  }
}
