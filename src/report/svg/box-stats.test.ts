import { describe, expect, it } from "vitest";
import { computeBoxStats, quantileOfSorted } from "./box-stats.js";

describe("box stats", () => {
  it("interpolates quantiles between order statistics", () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([10], 0.95)).toBe(10);
  });

  it("summarises a sample, ignoring non-finite values", () => {
    const sample = [...Array.from({ length: 101 }, (_, index) => 100 - index), Number.NaN];
    expect(computeBoxStats(sample)).toEqual({ n: 101, min: 0, p5: 5, q1: 25, median: 50, q3: 75, p95: 95, max: 100, p99: 99 });
    expect(computeBoxStats([])).toBeNull();
  });
});
