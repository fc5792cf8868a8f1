import { describe, expect, it } from "vitest";
import { pairedProportionDifference } from "./paired-proportion.js";

describe("pairedProportionDifference", () => {
  it("keeps a real width with no discordant pair, where the paired Wald interval collapses to a point", () => {
    const result = pairedProportionDifference({ both: 8, onlyA: 0, onlyB: 0, neither: 2 });
    expect(result.estimate).toBe(0);
    expect(result.low).toBeLessThan(-0.05);
    expect(result.high).toBeGreaterThan(0.05);
    expect(result).toMatchObject({ rateA: 0.8, rateB: 0.8, n: 10 });
  });

  it("stays inside [-1, 1] at the extremes", () => {
    const allA = pairedProportionDifference({ both: 0, onlyA: 5, onlyB: 0, neither: 0 });
    expect(allA.estimate).toBe(1);
    expect(allA.high).toBe(1);
    expect(allA.low).toBeGreaterThan(0);
    const allB = pairedProportionDifference({ both: 0, onlyA: 0, onlyB: 5, neither: 0 });
    expect(allB.low).toBe(-1);
  });

  it("narrows as the confidence level falls", () => {
    const counts = { both: 30, onlyA: 9, onlyB: 3, neither: 18 };
    const wide = pairedProportionDifference(counts, 0.99);
    const narrow = pairedProportionDifference(counts, 0.8);
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it("has no interval without cases and rejects non-counts", () => {
    expect(Number.isNaN(pairedProportionDifference({ both: 0, onlyA: 0, onlyB: 0, neither: 0 }).low)).toBe(true);
    expect(() => pairedProportionDifference({ both: 1.5, onlyA: 0, onlyB: 0, neither: 0 })).toThrow(/both must be a count/);
    expect(() => pairedProportionDifference({ both: 1, onlyA: -1, onlyB: 0, neither: 0 })).toThrow(/onlyA/);
  });
});
