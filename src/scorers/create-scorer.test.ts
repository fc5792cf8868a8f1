import { describe, expect, it } from "vitest";
import { TuneopsError } from "../spec/errors.js";
import { createScorer, createScorers, type ScorerConfigInput } from "./create-scorer.js";
import { renderLiquid, scoreInput } from "./testing/score-input.js";

const options = { baseDir: process.cwd(), render: renderLiquid };

describe("createScorer", () => {
  it("builds every scorer type from raw config, applying defaults", () => {
    const types = [
      { type: "equals" },
      { type: "contains", value: "a" },
      { type: "icontains", values: ["a"] },
      { type: "starts-with", value: "a" },
      { type: "regex", pattern: "a" },
      { type: "is-json" },
      { type: "json-schema", schema: { type: "string" } },
      { type: "javascript", expression: "true" },
    ] satisfies ScorerConfigInput[];
    for (const config of types) {
      const scorer = createScorer(config, { ...options, name: config.type });
      expect(scorer).toMatchObject({ specificationVersion: "v1", type: config.type, threshold: 1, weight: 1 });
    }
  });

  it("reports schema violations as config_invalid naming the scorer and field", () => {
    let caught: unknown;
    try {
      createScorer({ type: "regex", pattern: "" }, { ...options, name: "bad", location: { file: "tuneops.yaml", field: "evals.x.scorers.0" } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TuneopsError);
    expect((caught as TuneopsError).code).toBe("config_invalid");
    expect((caught as TuneopsError).message).toContain('scorer "bad"');
    expect((caught as TuneopsError).location?.field).toBe("evals.x.scorers.0.pattern");
  });
});

describe("createScorers", () => {
  it("names scorers after their type, numbering repeats and skipping taken names", () => {
    const scorers = createScorers(
      [{ type: "contains", value: "a" }, { type: "contains", value: "b" }, { type: "is-json" }, { type: "contains", value: "c", name: "contains-3" }, { type: "contains", value: "d" }],
      options,
    );
    expect(scorers.map((scorer) => scorer.name)).toEqual(["contains", "contains-2", "is-json", "contains-3", "contains-4"]);
  });

  it("rejects duplicate explicit names", () => {
    expect(() => createScorers([{ type: "is-json", name: "x" }, { type: "equals", name: "x" }], options)).toThrow(/two scorers are named "x"/);
  });

  it("locates errors by index in the list", () => {
    try {
      createScorers([{ type: "is-json" }, { type: "regex", pattern: "(" }], { ...options, location: { file: "tuneops.yaml", field: "evals.qa.scorers" } });
      expect.unreachable();
    } catch (error) {
      expect((error as TuneopsError).location).toEqual({ file: "tuneops.yaml", field: "evals.qa.scorers.1.pattern" });
    }
  });

  it("scores end to end", () => {
    const [scorer] = createScorers([{ type: "icontains", value: "{{ expected }}" }], options);
    expect(scorer?.score(scoreInput("PARIS", "paris"))).toEqual({ score: 1 });
  });
});
