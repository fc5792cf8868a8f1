import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minimumDetectableEffect, requiredSampleSize } from "./power.js";

// z_{0.975} + z_{0.80} = 1.959963984540054 + 0.8416212335729143.
const zSum = 2.8015852181129683;

describe("power analysis", () => {
  it("matches the textbook numbers for two pass rates of 50%", () => {
    // n = (1.96 + 0.8416)² · 2 · 0.25 / 0.05² = 1569.78 -> 1570 cases per candidate.
    expect(requiredSampleSize({ effect: 0.05, baseRate: 0.5 })).toBe(1570);
    expect(minimumDetectableEffect({ n: 1570, baseRate: 0.5 })).toBeCloseTo(zSum * Math.sqrt(0.5 / 1570), 15);
    expect(minimumDetectableEffect({ n: 1570, baseRate: 0.5 })).toBeLessThanOrEqual(0.05);
    expect(minimumDetectableEffect({ n: 1569, baseRate: 0.5 })).toBeGreaterThan(0.05);
  });

  it("needs fewer cases when paired and correlated (variance 2σ²(1 − ρ))", () => {
    const unpaired = requiredSampleSize({ effect: 0.03, baseRate: 0.7 });
    const pairedIndependent = requiredSampleSize({ effect: 0.03, baseRate: 0.7, paired: true });
    const pairedCorrelated = requiredSampleSize({ effect: 0.03, baseRate: 0.7, paired: true, correlation: 0.5 });
    expect(pairedIndependent).toBe(unpaired);
    expect(pairedCorrelated).toBeLessThanOrEqual(Math.ceil(unpaired / 2) + 1);
    expect(pairedCorrelated).toBeGreaterThanOrEqual(Math.floor(unpaired / 2));
  });

  it("uses a measured sd of the differences directly", () => {
    expect(minimumDetectableEffect({ n: 100, sdDifference: 0.3 })).toBeCloseTo(zSum * 0.03, 14);
    // The same design expressed as two halves: sd = 0.3 / √2, paired, ρ = 0.
    expect(minimumDetectableEffect({ n: 100, sd: 0.3 / Math.SQRT2, paired: true, correlation: 0 })).toBeCloseTo(zSum * 0.03, 14);
    expect(minimumDetectableEffect({ n: 100, sd: 1, alpha: 0.01, power: 0.9 })).toBeCloseTo((2.5758293035489 + 1.2815515655446) * Math.sqrt(2 / 100), 10);
  });

  it("is consistent both ways: MDE(requiredSampleSize(e)) <= e and it is the smallest such n", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.boolean(),
        fc.double({ min: -0.9, max: 0.99, noNaN: true }),
        (effect, baseRate, paired, correlation) => {
          const design = paired ? { baseRate, paired, correlation } : { baseRate };
          const n = requiredSampleSize({ ...design, effect });
          expect(minimumDetectableEffect({ ...design, n })).toBeLessThanOrEqual(effect);
          if (n > 1) expect(minimumDetectableEffect({ ...design, n: n - 1 })).toBeGreaterThan(effect);
        },
      ),
    );
  });

  it("asks for no more cases than n to detect what n detects", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.01, max: 10, noNaN: true }), (n, sd) => {
        expect(requiredSampleSize({ effect: minimumDetectableEffect({ n, sd }), sd })).toBeLessThanOrEqual(n);
      }),
    );
  });

  it("shrinks the detectable effect as n grows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100 }), (n, extra) => {
        expect(minimumDetectableEffect({ n: n + extra, sd: 1 })).toBeLessThan(minimumDetectableEffect({ n, sd: 1 }));
      }),
    );
  });

  it("handles the edges", () => {
    expect(minimumDetectableEffect({ n: 0, sd: 1 })).toBe(Infinity);
    expect(requiredSampleSize({ effect: 0.1, baseRate: 1 })).toBe(1);
    expect(requiredSampleSize({ effect: 1e-300, sd: 1e10 })).toBe(Infinity);
  });

  it("rejects incomplete or contradictory designs", () => {
    expect(() => minimumDetectableEffect({ n: 10 })).toThrow(/exactly one of sd, baseRate and sdDifference/);
    expect(() => minimumDetectableEffect({ n: 10, sd: 1, baseRate: 0.5 })).toThrow(/got 2/);
    expect(() => minimumDetectableEffect({ n: 10, sd: 1, correlation: 0.5 })).toThrow(/paired designs only/);
    expect(() => minimumDetectableEffect({ n: 10, sd: 1, paired: true, correlation: 2 })).toThrow(/correlation/);
    expect(() => minimumDetectableEffect({ n: -1, sd: 1 })).toThrow(/n must be/);
    expect(() => requiredSampleSize({ effect: 0, sd: 1 })).toThrow(/effect/);
    expect(() => requiredSampleSize({ effect: 0.1, sd: 1, alpha: 0 })).toThrow(/alpha/);
    expect(() => requiredSampleSize({ effect: 0.1, sd: 1, power: 0.01 })).toThrow(/by chance/);
    expect(() => requiredSampleSize({ effect: 0.1, baseRate: 1.5 })).toThrow(/baseRate/);
  });
});
