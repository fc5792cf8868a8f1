/**
 * Token usage, normalised once at the edge (in the adapter): `inputTokens` includes cache reads and
 * cache writes, `outputTokens` includes reasoning. The breakdown keeps the parts so cost can price
 * each at its own rate. All counts are tokens.
 */
export interface Usage {
  /** All input tokens, cache reads and writes included. */
  inputTokens: number;
  /** All output tokens, reasoning included. */
  outputTokens: number;
  breakdown: UsageBreakdown;
}

export interface UsageBreakdown {
  /** Input tokens read from the provider's prompt cache (billed at the cache-read rate). */
  cacheReadTokens?: number;
  /** Input tokens written to the provider's prompt cache (billed at the cache-write rate). */
  cacheWriteTokens?: number;
  /** Output tokens spent on hidden reasoning. */
  reasoningTokens?: number;
}

export const emptyUsage: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, breakdown: Object.freeze({}) }) as Usage;

/** Adds two usages, part by part. */
export function addUsage(a: Usage, b: Usage): Usage {
  const breakdown: UsageBreakdown = {};
  for (const key of ["cacheReadTokens", "cacheWriteTokens", "reasoningTokens"] as const) {
    const sum = (a.breakdown[key] ?? 0) + (b.breakdown[key] ?? 0);
    if (a.breakdown[key] !== undefined || b.breakdown[key] !== undefined) breakdown[key] = sum;
  }
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens, breakdown };
}
