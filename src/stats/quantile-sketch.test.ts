import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantile } from "./percentile.js";
import { QuantileSketch } from "./quantile-sketch.js";

const sorted = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

describe("QuantileSketch", () => {
  it("is exact up to its limit, with numpy's linear interpolation", () => {
    const values = [5, 1, 3, 2, 4, 10, 0];
    const sketch = new QuantileSketch({ exactLimit: 100 });
    for (const value of values) sketch.add(value);
    expect(sketch.exact).toBe(true);
    for (const q of [0, 0.1, 0.5, 0.95, 0.99, 1]) expect(sketch.quantile(q)).toBe(quantile(sorted(values), q));
    expect(sketch.mean).toBe(25 / 7);
    expect(sketch.max).toBe(10);
    expect(new QuantileSketch().quantile(0.5)).toBeNaN();
  });

  it("past its limit, keeps every quantile within its relative accuracy of the exact one, in bounded memory", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 60_000, noNaN: true }), { minLength: 60, maxLength: 400 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const sketch = new QuantileSketch({ exactLimit: 16, relativeAccuracy: 0.001 });
        for (const value of values) sketch.add(value);
        expect(sketch.exact).toBe(false);
        const exact = quantile(sorted(values), q);
        // Each of the two ranks interpolated is within 0.1%, so their interpolation is too.
        expect(Math.abs(sketch.quantile(q) - exact)).toBeLessThanOrEqual(exact * 0.001 + 1e-12);
        expect(sketch.max).toBe(Math.max(...values));
        expect(sketch.mean).toBeCloseTo(values.reduce((sum, value) => sum + value, 0) / values.length, 6);
      }),
      { numRuns: 300 },
    );
  });

  it("counts zeros and keeps the ends exact", () => {
    const sketch = new QuantileSketch({ exactLimit: 2 });
    for (const value of [0, 0, 0, 5, 7]) sketch.add(value);
    expect(sketch.quantile(0)).toBe(0);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.quantile(1)).toBe(7);
    expect(sketch.count).toBe(5);
  });
});
