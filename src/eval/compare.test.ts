import { describe, expect, it } from "vitest";
import { compareCandidates, comparePaired, pairUp } from "./compare.js";

function slots(name: string, values: number[], binary = true) {
  return { name, binary, values: Float64Array.from(values) };
}

describe("paired comparisons", () => {
  it("finds a clear winner on pass/fail with McNemar and states it", () => {
    const a = Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? 1 : 0));
    const b = a.map((value, index) => (value === 1 || index % 4 === 1 ? 1 : 0));
    const [comparison] = compareCandidates({ id: "old", slots: [slots("pass_rate", a)] }, { id: "new", slots: [slots("pass_rate", b)] }, 1);
    expect(comparison?.test).toBe("mcnemar");
    expect(comparison?.verdict).toBe("b");
    expect(comparison?.difference).toBeCloseTo(0.25, 10);
    expect(comparison?.ci_low).toBeGreaterThan(0);
    expect(comparison?.statement).toMatch(/^new is better than old on pass_rate by 25\.0 points/);
    expect(comparison?.cases_needed).toBeNull();
  });

  it("says when two candidates cannot be told apart, and about how many cases would tell", () => {
    const a = Array.from({ length: 40 }, (_, index) => (index % 3 === 0 ? 0 : 1));
    const b = a.map((value, index) => (index === 1 ? 0 : index === 3 ? 1 : index === 6 ? 1 : value));
    const comparison = comparePaired({ a: "x", b: "y", metric: "pass_rate", valuesA: a, valuesB: b, binary: true });
    expect(comparison.verdict).toBe("tie");
    expect(comparison.ci_low).toBeLessThan(0);
    expect(comparison.ci_high).toBeGreaterThan(0);
    expect(comparison.cases_needed).toBeGreaterThan(40);
    expect(comparison.minimum_detectable_effect).toBeGreaterThan(Math.abs(comparison.difference));
    expect(comparison.statement).toMatch(/cannot tell y and x apart on pass_rate with n = 40 .*about \d+ cases needed/);
  });

  it("averages repeats per case and pairs only slots both sides have", () => {
    const left = Float64Array.from([1, 0, Number.NaN, 1, 1, 1]);
    const right = Float64Array.from([1, 1, 0, 0, 1, Number.NaN]);
    expect(pairUp(left, right, 2)).toEqual({ valuesA: [0.5, 1, 1], valuesB: [1, 0, 1] });
  });
});
