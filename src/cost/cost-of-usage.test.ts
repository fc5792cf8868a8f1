import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Usage } from "../spec/usage.js";
import { costOfUsage } from "./cost-of-usage.js";
import type { PriceEntry } from "./price-entry.js";

const claude: PriceEntry = { model: "claude-sonnet-4-5", inputPerMtok: 3, outputPerMtok: 15, cacheReadPerMtok: 0.3, cacheWritePerMtok: 3.75, source: "test" };

function usage(inputTokens: number, outputTokens: number, breakdown: Usage["breakdown"] = {}): Usage {
  return { inputTokens, outputTokens, breakdown };
}

describe("costOfUsage", () => {
  it("prices input and output per million tokens", () => {
    expect(costOfUsage(usage(1_000_000, 1_000_000), claude)).toBeCloseTo(18, 12);
    expect(costOfUsage(usage(1000, 500), claude)).toBeCloseTo(0.003 + 0.0075, 12);
  });

  it("prices cache reads and writes at their own rates, out of the input count", () => {
    // 10,000 input = 2,000 uncached + 7,000 read + 1,000 written.
    const cost = costOfUsage(usage(10_000, 100, { cacheReadTokens: 7000, cacheWriteTokens: 1000 }), claude);
    expect(cost).toBeCloseTo((2000 * 3 + 7000 * 0.3 + 1000 * 3.75 + 100 * 15) / 1e6, 12);
  });

  it("falls back to the input rate for missing cache rates", () => {
    const plain: PriceEntry = { model: "m", inputPerMtok: 2, outputPerMtok: 8, source: "test" };
    expect(costOfUsage(usage(1000, 0, { cacheReadTokens: 400, cacheWriteTokens: 100 }), plain)).toBeCloseTo(0.002, 12);
  });

  it("bills reasoning as output (already inside outputTokens)", () => {
    expect(costOfUsage(usage(0, 1000, { reasoningTokens: 800 }), claude)).toBeCloseTo(0.015, 12);
  });

  it("never goes negative and never undercharges the uncached part", () => {
    fc.assert(
      fc.property(fc.nat(1e7), fc.nat(1e7), fc.nat(1e7), fc.nat(1e7), (input, output, read, write) => {
        const cost = costOfUsage(usage(input, output, { cacheReadTokens: read, cacheWriteTokens: write }), claude);
        expect(cost).toBeGreaterThanOrEqual(0);
        expect(cost).toBeGreaterThanOrEqual((output * 15) / 1e6 - 1e-12);
      }),
    );
  });
});
