import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RunningStats } from "./running-stats.js";

const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 300 });

function twoPassVariance(data: number[]): number {
  const mean = data.reduce((sum, value) => sum + value, 0) / data.length;
  return data.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (data.length - 1);
}

function tolerance(data: number[]): number {
  const scale = Math.max(1, ...data.map((value) => value * value));
  return 1e-9 * scale;
}

describe("RunningStats", () => {
  it("is NaN when empty", () => {
    const stats = new RunningStats();
    expect(stats.count).toBe(0);
    expect(Number.isNaN(stats.mean)).toBe(true);
    expect(Number.isNaN(stats.min)).toBe(true);
  });

  it("matches the two-pass mean and variance", () => {
    fc.assert(
      fc.property(values, (data) => {
        const stats = new RunningStats();
        for (const value of data) stats.push(value);
        expect(stats.count).toBe(data.length);
        expect(Math.abs(stats.variance - twoPassVariance(data))).toBeLessThanOrEqual(tolerance(data));
        expect(stats.min).toBe(Math.min(...data));
        expect(stats.max).toBe(Math.max(...data));
      }),
    );
  });

  it("stays accurate with a large offset (where sum of squares cancels)", () => {
    const stats = new RunningStats();
    for (const value of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) stats.push(value);
    expect(stats.variance).toBeCloseTo(30, 6);
  });

  it("merges to the same result as one pass", () => {
    fc.assert(
      fc.property(values, fc.nat(), (data, cut) => {
        const split = cut % data.length;
        const left = new RunningStats();
        const right = new RunningStats();
        const whole = new RunningStats();
        data.forEach((value, index) => (index < split ? left : right).push(value));
        for (const value of data) whole.push(value);
        left.merge(right);
        expect(left.count).toBe(whole.count);
        expect(Math.abs(left.mean - whole.mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(whole.mean)));
        expect(Math.abs(left.variance - whole.variance)).toBeLessThanOrEqual(tolerance(data));
        expect(left.min).toBe(whole.min);
        expect(left.max).toBe(whole.max);
      }),
    );
  });
});
