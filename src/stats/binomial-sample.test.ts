import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleBinomial } from "./binomial-sample.js";
import { createRandom } from "./random.js";
import { logGamma } from "./special-functions.js";

function binomialPmf(n: number, p: number, k: number): number {
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * Pearson's chi-square statistic of `draws` samples against the exact pmf, over bins with an expected
 * count of at least 5 (the tails pooled into the end bins), and its degrees of freedom.
 */
function chiSquare(n: number, p: number, draws: number, seed: number): { statistic: number; degrees: number } {
  const random = createRandom(seed);
  const observed = new Map<number, number>();
  for (let index = 0; index < draws; index += 1) {
    const value = sampleBinomial(random, n, p);
    observed.set(value, (observed.get(value) ?? 0) + 1);
  }
  const bins: { expected: number; observed: number }[] = [];
  let pending = { expected: 0, observed: 0 };
  for (let k = 0; k <= n; k += 1) {
    pending.expected += draws * binomialPmf(n, p, k);
    pending.observed += observed.get(k) ?? 0;
    if (pending.expected >= 5) {
      bins.push(pending);
      pending = { expected: 0, observed: 0 };
    }
  }
  const last = bins.at(-1);
  if (last !== undefined) {
    last.expected += pending.expected;
    last.observed += pending.observed;
  }
  let statistic = 0;
  for (const bin of bins) statistic += (bin.observed - bin.expected) ** 2 / bin.expected;
  return { statistic, degrees: bins.length - 1 };
}

describe("sampleBinomial", () => {
  // Both methods (inversion below n·p = 10, BTRD above, and p > 1/2 by symmetry) against the exact pmf.
  // With a fixed seed the statistic is fixed; the bound (mean + 5 standard deviations) would be
  // exceeded by chance about once in a million seeds, and by a wrong sampler at once.
  it.each([
    [20, 0.1],
    [60, 0.15],
    [200, 0.3],
    [1000, 0.5],
    [5000, 0.02],
    [400, 0.9],
    [3, 0.5],
  ])("matches the exact distribution for n = %i, p = %f", (n, p) => {
    const { statistic, degrees } = chiSquare(n, p, 200_000, n * 31 + Math.round(p * 1000));
    expect(degrees).toBeGreaterThan(1);
    expect(statistic).toBeLessThan(degrees + 5 * Math.sqrt(2 * degrees));
  });

  it("has the binomial mean and variance for a million trials", () => {
    const random = createRandom(11);
    const n = 1_000_000;
    const p = 0.013;
    const draws = 20_000;
    let sum = 0;
    let squares = 0;
    for (let index = 0; index < draws; index += 1) {
      const value = sampleBinomial(random, n, p);
      sum += value;
      squares += value * value;
    }
    const mean = sum / draws;
    const variance = squares / draws - mean * mean;
    const trueVariance = n * p * (1 - p);
    // Standard error of the mean: sqrt(variance / draws) ≈ 0.8; of the variance: about 1% of it.
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt(trueVariance / draws));
    expect(Math.abs(variance / trueVariance - 1)).toBeLessThan(0.05);
  });

  it("always returns an integer in [0, n], with the edge cases exact", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (n, p, seed) => {
        const value = sampleBinomial(createRandom(seed), n, p);
        expect(Number.isInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(n);
        if (p === 0) expect(value).toBe(0);
        if (p === 1) expect(value).toBe(n);
      }),
    );
  });

  it("refuses a bad n or p", () => {
    const random = createRandom(1);
    expect(() => sampleBinomial(random, -1, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(random, 2.5, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(random, 10, 1.5)).toThrow(RangeError);
    expect(() => sampleBinomial(random, 10, Number.NaN)).toThrow(RangeError);
  });
});
