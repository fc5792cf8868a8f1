import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clusteredMeanInterval } from "./clustered.js";
import { meanInterval } from "./mean-interval.js";

const sample = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 2, maxLength: 100 });

function relativeClose(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

describe("clusteredMeanInterval", () => {
  it("equals the ordinary SE and t interval when every value is its own cluster", () => {
    fc.assert(
      fc.property(sample, (values) => {
        const clustered = clusteredMeanInterval(values, values.map((_, index) => index));
        const ordinary = meanInterval(values);
        relativeClose(clustered.se, ordinary.sd / Math.sqrt(values.length));
        relativeClose(clustered.low, ordinary.low);
        relativeClose(clustered.high, ordinary.high);
        expect(clustered.clusters).toBe(values.length);
      }),
    );
  });

  it("matches a worked example computed by hand", () => {
    // Clusters a = {1, 1, 1}, b = {0, 0, 0}: mean 0.5, deviation sums +1.5 and -1.5,
    // SE = sqrt(1.5² + 1.5²) / 6 * sqrt(2 / 1) = 0.5, t(0.975, 1) = 12.7062047.
    const result = clusteredMeanInterval([1, 1, 1, 0, 0, 0], ["a", "a", "a", "b", "b", "b"]);
    expect(result.mean).toBe(0.5);
    expect(result.se).toBeCloseTo(0.5, 15);
    expect(result.high).toBeCloseTo(0.5 + 12.706204736174698 * 0.5, 9);
    expect(result.clusters).toBe(2);
    expect(result.n).toBe(6);
    // Treated as independent the same values give a far narrower interval.
    const naive = meanInterval([1, 1, 1, 0, 0, 0]);
    expect(5 * (naive.high - naive.low)).toBeLessThan(result.high - result.low);
  });

  it("is wider than the naive interval when clusters repeat the same value", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 40 }), fc.integer({ min: 2, max: 5 }), (perCase, repeats) => {
        fc.pre(new Set(perCase).size === 2);
        const values = perCase.flatMap((value) => Array.from({ length: repeats }, () => value));
        const clusters = perCase.flatMap((_, index) => Array.from({ length: repeats }, () => index));
        const clustered = clusteredMeanInterval(values, clusters);
        const naive = meanInterval(values);
        expect(clustered.se).toBeGreaterThan(naive.sd / Math.sqrt(values.length));
        // Perfectly repeated values carry exactly the information of one value per cluster.
        const oneEach = meanInterval(perCase);
        relativeClose(clustered.se, oneEach.sd / Math.sqrt(perCase.length));
      }),
    );
  });

  it("does not depend on the order of the values or the names of the clusters", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.integer({ min: 0, max: 6 })), { minLength: 2, maxLength: 50 }), (pairs) => {
        const forward = clusteredMeanInterval(pairs.map(([value]) => value), pairs.map(([, cluster]) => cluster));
        const reversed = [...pairs].reverse();
        const backward = clusteredMeanInterval(reversed.map(([value]) => value), reversed.map(([, cluster]) => `cluster-${cluster}`));
        expect(backward.clusters).toBe(forward.clusters);
        if (Number.isNaN(forward.se)) expect(Number.isNaN(backward.se)).toBe(true);
        else relativeClose(backward.se, forward.se, 1e-7);
      }),
    );
  });

  it("contains the mean", () => {
    fc.assert(
      fc.property(sample, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 100, maxLength: 100 }), (values, keys) => {
        const result = clusteredMeanInterval(values, values.map((_, index) => keys[index] ?? 0));
        if (result.clusters < 2) return;
        expect(result.low).toBeLessThanOrEqual(result.mean);
        expect(result.high).toBeGreaterThanOrEqual(result.mean);
      }),
    );
  });

  it("has no interval with fewer than two clusters or no values", () => {
    const one = clusteredMeanInterval([1, 2, 3], [7, 7, 7]);
    expect(one.mean).toBe(2);
    expect(one.clusters).toBe(1);
    expect(Number.isNaN(one.se) && Number.isNaN(one.low)).toBe(true);
    expect(clusteredMeanInterval([], [])).toMatchObject({ n: 0, clusters: 0 });
  });

  it("rejects mismatched lengths and non-finite values", () => {
    expect(() => clusteredMeanInterval([1, 2], ["a"])).toThrow(/2 values but 1 cluster/);
    expect(() => clusteredMeanInterval([1, NaN], ["a", "b"])).toThrow(/value 1/);
    expect(() => clusteredMeanInterval([1, 2], ["a", "b"], 0)).toThrow(/confidence/);
  });
});
