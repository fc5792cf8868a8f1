import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createEqualsScorer } from "./equals.js";

describe("equals", () => {
  const base = { type: "equals", trim: true, ignore_case: false, weight: 1 } as const;

  it("compares with the expected value, trimmed by default", () => {
    const scorer = createEqualsScorer(base, factoryOptions("equals"));
    expect(scorer.score(scoreInput("  Paris\n", "Paris"))).toEqual({ score: 1 });
    const miss = scorer.score(scoreInput("paris", "Paris"));
    expect(miss).toMatchObject({ score: 0 });
    expect((miss as { reason: string }).reason).toContain('expected "Paris"');
  });

  it("can ignore case and keep whitespace", () => {
    expect(createEqualsScorer({ ...base, ignore_case: true }, factoryOptions("e")).score(scoreInput("PARIS", "paris"))).toEqual({ score: 1 });
    expect(createEqualsScorer({ ...base, trim: false }, factoryOptions("e")).score(scoreInput(" Paris", "Paris"))).toMatchObject({ score: 0 });
  });

  it("accepts any of several expected values", () => {
    const scorer = createEqualsScorer(base, factoryOptions("e"));
    expect(scorer.score(scoreInput("4", ["four", 4]))).toEqual({ score: 1 });
  });

  it("renders a value template with the case's fields", () => {
    const scorer = createEqualsScorer({ ...base, value: "{{ label | upcase }}" }, factoryOptions("e"));
    expect(scorer.score(scoreInput("SPAM", undefined, { label: "spam" }))).toEqual({ score: 1 });
    expect(createEqualsScorer({ ...base, value: "{{ expected }}!" }, factoryOptions("e")).score(scoreInput("yes!", "yes"))).toEqual({ score: 1 });
  });

  it("uses a literal value without rendering", () => {
    const scorer = createEqualsScorer({ ...base, value: "ok" }, factoryOptions("e", { render: () => { throw new Error("rendered"); } }));
    expect(scorer.score(scoreInput("ok"))).toEqual({ score: 1 });
  });

  it("fails the case when there is nothing to compare with", () => {
    const scorer = createEqualsScorer(base, factoryOptions("e"));
    expect(() => scorer.score(scoreInput("x", undefined))).toThrow(/no expected value/);
  });

  it("has the contract's fields", () => {
    const scorer = createEqualsScorer({ ...base, threshold: 0.5, weight: 2 }, factoryOptions("exact"));
    expect(scorer).toMatchObject({ specificationVersion: "v1", name: "exact", type: "equals", threshold: 0.5, weight: 2 });
    expect(createEqualsScorer(base, factoryOptions("e")).threshold).toBe(1);
  });
});
