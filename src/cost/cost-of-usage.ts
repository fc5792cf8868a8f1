import type { Usage } from "../spec/usage.js";
import type { PriceEntry } from "./price-entry.js";

const perMillion = 1_000_000;

/**
 * The cost of one call in USD. Input tokens include cache reads and writes (see `Usage`), so the
 * uncached part is what remains after both; each part is billed at its own rate, cache rates falling
 * back to the input rate when the entry has none. Output tokens (reasoning included) are billed at the
 * output rate. Whether a model costs anything at all (local, baseline, simulated) is the caller's call.
 */
export function costOfUsage(usage: Usage, price: PriceEntry): number {
  const cacheRead = usage.breakdown.cacheReadTokens ?? 0;
  const cacheWrite = usage.breakdown.cacheWriteTokens ?? 0;
  // A provider that reports cache tokens outside its input count must not produce a negative part.
  const uncached = Math.max(0, usage.inputTokens - cacheRead - cacheWrite);
  const dollarsPerMillionTokens =
    uncached * price.inputPerMtok +
    cacheRead * (price.cacheReadPerMtok ?? price.inputPerMtok) +
    cacheWrite * (price.cacheWritePerMtok ?? price.inputPerMtok) +
    usage.outputTokens * price.outputPerMtok;
  return dollarsPerMillionTokens / perMillion;
}
