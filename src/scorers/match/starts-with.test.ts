import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createStartsWithScorer } from "./starts-with.js";

describe("starts-with", () => {
  it("ignores the output's leading whitespace", () => {
    const scorer = createStartsWithScorer({ type: "starts-with", value: "Yes", ignore_case: false, weight: 1 }, factoryOptions("s"));
    expect(scorer.score(scoreInput("\n Yes, because"))).toEqual({ score: 1 });
    expect(scorer.score(scoreInput("yes, because"))).toMatchObject({ score: 0 });
  });

  it("can ignore case and defaults to the expected value", () => {
    const scorer = createStartsWithScorer({ type: "starts-with", ignore_case: true, weight: 1 }, factoryOptions("s"));
    expect(scorer.score(scoreInput("POSITIVE sentiment", "positive"))).toEqual({ score: 1 });
    expect(scorer.score(scoreInput("negative", ["pos", "neu"]))).toMatchObject({ score: 0 });
  });
});
