import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createContainsScorer } from "./contains.js";

describe("contains / icontains", () => {
  it("mode any: 1 when one value is present", () => {
    const scorer = createContainsScorer({ type: "contains", values: ["cat", "dog"], mode: "any", weight: 1 }, factoryOptions("c"));
    expect(scorer.score(scoreInput("a dog barks"))).toEqual({ score: 1 });
    expect(scorer.score(scoreInput("a bird sings"))).toMatchObject({ score: 0 });
  });

  it("mode all: the fraction present, reasons name what is missing", () => {
    const scorer = createContainsScorer({ type: "contains", values: ["a", "b", "c", "d"], mode: "all", weight: 1 }, factoryOptions("c"));
    const outcome = scorer.score(scoreInput("a c"));
    expect(outcome).toMatchObject({ score: 0.5 });
    expect((outcome as { reason: string }).reason).toContain('"b"');
    expect(scorer.score(scoreInput("abcd"))).toEqual({ score: 1 });
    expect(scorer.threshold).toBe(1);
  });

  it("is case-sensitive, icontains is not", () => {
    const exact = createContainsScorer({ type: "contains", mode: "any", weight: 1 }, factoryOptions("c"));
    const loose = createContainsScorer({ type: "icontains", mode: "any", weight: 1 }, factoryOptions("i"));
    expect(exact.score(scoreInput("The answer is PARIS", "Paris"))).toMatchObject({ score: 0 });
    expect(loose.score(scoreInput("The answer is PARIS", "Paris"))).toEqual({ score: 1 });
  });

  it("takes an expected list as the values", () => {
    const scorer = createContainsScorer({ type: "icontains", mode: "all", weight: 1 }, factoryOptions("i"));
    expect(scorer.score(scoreInput("Red and BLUE", ["red", "blue", "green"]))).toMatchObject({ score: 2 / 3 });
  });

  it("renders value templates", () => {
    const scorer = createContainsScorer({ type: "contains", value: "{{ city }}", mode: "any", weight: 1 }, factoryOptions("c"));
    expect(scorer.score(scoreInput("I live in Lyon", undefined, { city: "Lyon" }))).toEqual({ score: 1 });
  });
});
