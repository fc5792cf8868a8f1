import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentile, quantile, quantiles } from "./percentile.js";

const sortedSample = fc
  .array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 100 })
  .map((values) => Float64Array.from(values).sort());

describe("percentile", () => {
  it("interpolates like numpy's default", () => {
    const values = [1, 2, 3, 4];
    // numpy.percentile([1,2,3,4], [0, 25, 50, 90, 100]) = [1, 1.75, 2.5, 3.7, 4]
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 25)).toBeCloseTo(1.75, 12);
    expect(percentile(values, 50)).toBe(2.5);
    expect(percentile(values, 90)).toBeCloseTo(3.7, 12);
    expect(percentile(values, 100)).toBe(4);
    expect(percentile([7], 95)).toBe(7);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it("is monotone in p and bounded by min and max", () => {
    fc.assert(
      fc.property(sortedSample, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (sorted, a, b) => {
        const [p, q] = a <= b ? [a, b] : [b, a];
        expect(percentile(sorted, p)).toBeLessThanOrEqual(percentile(sorted, q));
        expect(percentile(sorted, p)).toBeGreaterThanOrEqual(sorted[0] as number);
        expect(percentile(sorted, q)).toBeLessThanOrEqual(sorted[sorted.length - 1] as number);
      }),
    );
  });

  it("quantiles sorts a copy and leaves the input alone", () => {
    const values = [5, 1, 4, 2, 3];
    expect(quantiles(values, [0, 0.5, 1])).toEqual([1, 3, 5]);
    expect(values).toEqual([5, 1, 4, 2, 3]);
    expect(quantile([1, 3], 0.5)).toBe(2);
  });

  it("rejects p out of range", () => {
    expect(() => percentile([1], 101)).toThrow(/\[0, 100\]/);
    expect(() => quantile([1], -0.1)).toThrow(/\[0, 1\]/);
  });
});
