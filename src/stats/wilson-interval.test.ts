import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson-interval.js";

const counts = fc.integer({ min: 1, max: 100_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe("wilsonInterval", () => {
  it("matches a worked example", () => {
    // 8 of 10, 95%: statsmodels proportion_confint(8, 10, method="wilson") = (0.4901625, 0.9433178).
    const interval = wilsonInterval(8, 10);
    expect(interval.low).toBeCloseTo(0.4901625, 6);
    expect(interval.high).toBeCloseTo(0.9433178, 6);
  });

  it("pins the ends for all failures and all successes", () => {
    expect(wilsonInterval(0, 20).low).toBe(0);
    expect(wilsonInterval(20, 20).high).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it("stays in [0, 1] and contains the point estimate", () => {
    fc.assert(
      fc.property(counts, fc.double({ min: 0.5, max: 0.999, noNaN: true }), ([successes, n], confidence) => {
        const { low, high } = wilsonInterval(successes, n, confidence);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(successes / n);
        expect(high).toBeGreaterThanOrEqual(successes / n);
      }),
    );
  });

  it("shrinks as n grows at the same proportion", () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 2, max: 50 }), ([successes, n], factor) => {
        const small = wilsonInterval(successes, n);
        const large = wilsonInterval(successes * factor, n * factor);
        expect(large.high - large.low).toBeLessThan(small.high - small.low);
      }),
    );
  });

  it("widens with the confidence level", () => {
    const narrow = wilsonInterval(30, 100, 0.9);
    const wide = wilsonInterval(30, 100, 0.99);
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(/successes/);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(/confidence/);
  });
});
