import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meanInterval } from "./mean-interval.js";

const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 200 });

describe("meanInterval", () => {
  it("matches a worked example", () => {
    // values 1..10: mean 5.5, sd 3.0276504, t(0.975, 9) = 2.2621572 -> half width 2.1658506.
    const result = meanInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.mean).toBe(5.5);
    expect(result.sd).toBeCloseTo(3.0276503540974917, 12);
    expect(result.low).toBeCloseTo(5.5 - 2.1658506, 6);
    expect(result.high).toBeCloseTo(5.5 + 2.1658506, 6);
    expect(result.n).toBe(10);
  });

  it("reports NaN where nothing can be estimated", () => {
    expect(meanInterval([])).toMatchObject({ n: 0 });
    expect(Number.isNaN(meanInterval([]).mean)).toBe(true);
    const one = meanInterval([3]);
    expect(one.mean).toBe(3);
    expect(Number.isNaN(one.low)).toBe(true);
  });

  it("collapses to the point when all values are equal", () => {
    expect(meanInterval([2, 2, 2])).toEqual({ mean: 2, low: 2, high: 2, n: 3, sd: 0 });
  });

  it("contains the mean", () => {
    fc.assert(
      fc.property(sample, (values) => {
        const result = meanInterval(values);
        expect(result.low).toBeLessThanOrEqual(result.mean);
        expect(result.high).toBeGreaterThanOrEqual(result.mean);
      }),
    );
  });

  it("shrinks as the same data is observed more often", () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 2, max: 10 }), (values, times) => {
        const once = meanInterval(values);
        fc.pre(once.sd > 1e-6 * Math.max(1, Math.abs(once.mean)));
        const repeated = meanInterval(Array.from({ length: times }, () => values).flat());
        expect(repeated.high - repeated.low).toBeLessThan(once.high - once.low);
      }),
    );
  });

  it("accepts typed arrays", () => {
    expect(meanInterval(new Float64Array([1, 3])).mean).toBe(2);
  });
});
