import { describe, expect, it } from "vitest";
import { TuneopsError } from "../../spec/errors.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createRegexScorer } from "./regex.js";

describe("regex", () => {
  it("matches anywhere, with flags", () => {
    const scorer = createRegexScorer({ type: "regex", pattern: "^answer: \\d+$", flags: "im", weight: 1 }, factoryOptions("r"));
    expect(scorer.score(scoreInput("thinking...\nANSWER: 42"))).toEqual({ score: 1 });
    expect(scorer.score(scoreInput("answer: forty-two"))).toMatchObject({ score: 0 });
  });

  it("gives the same answer every call with the g flag", () => {
    const scorer = createRegexScorer({ type: "regex", pattern: "a", flags: "g", weight: 1 }, factoryOptions("r"));
    expect([1, 2, 3].map(() => scorer.score(scoreInput("a")))).toEqual([{ score: 1 }, { score: 1 }, { score: 1 }]);
  });

  it("rejects an invalid pattern at creation, naming the scorer and field", () => {
    let caught: unknown;
    try {
      createRegexScorer({ type: "regex", pattern: "(unclosed", flags: "", weight: 1 }, factoryOptions("format", { location: { file: "tuneops.yaml", field: "evals.qa.scorers.2" } }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TuneopsError);
    const error = caught as TuneopsError;
    expect(error.code).toBe("config_invalid");
    expect(error.message).toContain('scorer "format"');
    expect(error.location).toEqual({ file: "tuneops.yaml", field: "evals.qa.scorers.2.pattern" });
  });
});
