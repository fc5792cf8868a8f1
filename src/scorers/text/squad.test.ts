import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createExactMatchScorer, createSquadF1Scorer, exactMatchOutcome, f1Outcome, squadExactMatch, squadExactMatchDetail, squadF1, squadF1Detail, squadNormalize } from "./squad.js";

describe("SQuAD normalisation", () => {
  it("lowercases, drops ASCII punctuation and articles, collapses whitespace", () => {
    expect(squadNormalize("The  Eiffel Tower!")).toBe("eiffel tower");
    expect(squadNormalize("in 1889.")).toBe("in 1889");
    expect(squadNormalize("an apple, a pear and the fig")).toBe("apple pear and fig");
  });

  it("keeps non-ASCII punctuation and letters (string.punctuation is ASCII)", () => {
    expect(squadNormalize("Beyoncé — “Halo”")).toBe("beyoncé — “halo”");
  });

  it("uses Unicode word boundaries for articles, as Python 3's re", () => {
    // "éa" is one word to Python; JavaScript's ASCII \b would cut it before "a".
    expect(squadNormalize("éa thé")).toBe("éa thé");
    expect(squadNormalize("a-the")).toBe("athe");
  });
});

// /work/shared/reference/metrics.md, "SQuAD v1.1 exact match and F1".
describe("SQuAD v1.1 reference values", () => {
  const table: [prediction: string, gold: string, em: number, f1: number][] = [
    ["1976", "1976", 1, 1],
    ["1999", "1976", 0, 0],
    ["The Eiffel Tower", "eiffel tower", 1, 1],
    ["in 1889.", "1889", 0, 0.666667],
    ["Denver Broncos", "Denver Broncos won", 0, 0.8],
    ["the the cat", "cat cat", 0, 0.666667],
    ["a", "the", 1, 0],
  ];
  it.each(table)("%j vs %j", (prediction, gold, em, f1) => {
    expect(squadExactMatch(prediction, [gold])).toBe(em);
    expect(squadF1(prediction, [gold])).toBeCloseTo(f1, 6);
  });

  it("three questions: EM 66.667, F1 66.667 (é is not e)", () => {
    const predictions = ["1976", "Beyonce", "climate change"];
    const golds = [["1976"], ["Beyoncé and Bruno Mars"], ["climate change"]];
    const em = (100 * predictions.reduce((sum, prediction, index) => sum + squadExactMatch(prediction, golds[index] ?? []), 0)) / 3;
    const f1 = (100 * predictions.reduce((sum, prediction, index) => sum + squadF1(prediction, golds[index] ?? []), 0)) / 3;
    expect(em.toFixed(3)).toBe("66.667");
    expect(f1.toFixed(3)).toBe("66.667");
  });

  it("takes the maximum over several gold answers", () => {
    expect(squadF1("Denver Broncos", ["Carolina Panthers", "Denver Broncos won", "the Denver Broncos"])).toBe(1);
    expect(squadF1("Denver", ["Carolina Panthers", "Denver Broncos won"])).toBeCloseTo(0.5, 12);
    expect(squadExactMatch("Broncos", ["Panthers", "broncos"])).toBe(1);
  });
});

describe("SQuAD v2.0 behaviour", () => {
  it("an empty prediction against an empty gold scores 1; against an answer 0", () => {
    expect(squadF1("", [""], "v2")).toBe(1);
    expect(squadF1("a", ["the"], "v2")).toBe(1);
    expect(squadF1("", ["1976"], "v2")).toBe(0);
    expect(squadF1("1976", [""], "v2")).toBe(0);
    expect(squadExactMatch("", [""], "v2")).toBe(1);
    // v1.1 gives F1 0 when nothing is shared, even for two empty answers.
    expect(squadF1("", [""], "v1")).toBe(0);
  });

  it("drops gold answers that normalise to nothing (no-answer only when all do)", () => {
    expect(squadF1("", ["the", "1976"], "v2")).toBe(0);
    expect(squadF1("1976", ["the", "1976"], "v2")).toBe(1);
    expect(squadExactMatch("", ["the", "."], "v2")).toBe(1);
  });
});

describe("SQuAD properties", () => {
  it("identical strings score 1 (EM) and 1 (F1 when anything survives normalisation)", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(squadExactMatch(text, [text])).toBe(1);
        const expected = squadNormalize(text) === "" ? 0 : 1;
        expect(squadF1(text, [text])).toBe(expected);
        expect(squadF1(text, [text], "v2")).toBe(1);
      }),
    );
  });

  it("F1 lies in [0, 1], is symmetric for one gold, and is at least EM", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (left, right) => {
        const f1 = squadF1(left, [right]);
        expect(f1).toBeGreaterThanOrEqual(0);
        expect(f1).toBeLessThanOrEqual(1);
        expect(squadF1(right, [left])).toBeCloseTo(f1, 12);
        expect(squadF1(left, [right], "v2")).toBeGreaterThanOrEqual(squadExactMatch(left, [right], "v2"));
      }),
    );
  });
});

describe("exact-match and f1 scorers", () => {
  it("exact-match scores 1 for a match with any reference and shows the normalised strings", async () => {
    const scorer = createExactMatchScorer({ type: "exact-match", squad_version: "v1", weight: 1 }, factoryOptions("em"));
    expect(scorer.threshold).toBe(1);
    expect(await scorer.score(scoreInput("The Eiffel Tower.", ["Big Ben", "eiffel tower"]))).toMatchObject({ score: 1 });
    const miss = await scorer.score(scoreInput("in 1889.", "1889"));
    expect(miss.score).toBe(0);
    expect(miss.reason).toContain('"in 1889"');
    expect(miss.reason).toContain('"1889"');
  });

  it("f1 defaults to threshold 0.5, reads the value template and honours squad_version", async () => {
    const scorer = createSquadF1Scorer({ type: "f1", squad_version: "v1", weight: 1, value: "{{ answer }}" }, factoryOptions("f1"));
    expect(scorer.threshold).toBe(0.5);
    const outcome = await scorer.score(scoreInput("Denver Broncos", undefined, { answer: "Denver Broncos won" }));
    expect(outcome.score).toBeCloseTo(0.8, 12);
    // A pass needs no reason; a miss shows the normalised strings.
    expect(outcome.reason).toBeUndefined();
    const miss = await scorer.score(scoreInput("Chicago", undefined, { answer: "Denver Broncos won" }));
    expect(miss.reason).toContain('"denver broncos won"');
    const v2 = createSquadF1Scorer({ type: "f1", squad_version: "v2", weight: 1, threshold: 0.9 }, factoryOptions("f1"));
    expect(v2.threshold).toBe(0.9);
    expect((await v2.score(scoreInput("", [""]))).score).toBe(1);
  });
});

describe("exact-match v2", () => {
  it("drops golds that normalise to nothing, which drops golds that normalise to nothing", async () => {
    const scorer = createExactMatchScorer({ type: "exact-match", weight: 1, squad_version: "v2" }, factoryOptions("exact-match"));
    expect((await scorer.score(scoreInput("", ["the", "a"]))).score).toBe(1);
  });
});
