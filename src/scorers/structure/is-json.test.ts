import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createIsJsonScorer } from "./is-json.js";

describe("is-json", () => {
  const scorer = createIsJsonScorer({ type: "is-json", weight: 1 }, factoryOptions("json"));

  it("accepts strict JSON, surrounding whitespace included", () => {
    expect(scorer.score(scoreInput(' {"a": [1, 2]}\n'))).toEqual({ score: 1 });
    expect(scorer.score(scoreInput("42"))).toEqual({ score: 1 });
  });

  it("rejects fences, trailing commas and prose", () => {
    for (const output of ['```json\n{"a":1}\n```', '{"a":1,}', "Sure! {}", ""]) {
      const outcome = scorer.score(scoreInput(output));
      expect(outcome).toMatchObject({ score: 0 });
      expect((outcome as { reason: string }).reason).toMatch(/^not valid JSON/);
    }
  });
});
