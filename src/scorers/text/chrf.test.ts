import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { chrfFromStatistics, chrfStatistics, corpusChrf, createChrfScorer, sentenceChrf, type ChrfOptions } from "./chrf.js";

// sacrebleu test/test_chrf.py (2.x), EPSILON 1e-4.
const epsilon = 1e-4;

describe("chrF reference values", () => {
  it("sacrebleu README corpus example: chrF2 = 59.73", () => {
    const refs = [
      ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
      ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
    ];
    const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
    expect(corpusChrf(hyps, refs).toFixed(2)).toBe("59.73");
  });

  const epsCases: [hypotheses: string[], references: string[], expected: number][] = [
    [["abcdefg"], ["hijklmnop"], 0],
    [["a"], ["b"], 0],
    [[""], ["b"], 0],
    [[""], ["ref"], 0],
    [[""], ["reference"], 0],
    [["aa"], ["ab"], 8.3333],
    [["a", "b"], ["a", "c"], 8.3333],
    [["a"], ["a"], 16.6667],
    [["a b c"], ["a b c"], 50],
    [["a b c"], ["abc"], 50],
    [
      [" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."],
      ["risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."],
      63.36173,
    ],
    [[" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "], ["Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."], 64.1302698],
    [["Niemand hat die Absicht, eine Mauer zu errichten"], ["Niemand hat die Absicht, eine Mauer zu errichten"], 100],
  ];
  it.each(epsCases)("eps smoothing, beta 3: %j vs %j = %d", (hypotheses, references, expected) => {
    const options: ChrfOptions = { charOrder: 6, wordOrder: 0, beta: 3, epsSmoothing: true };
    expect(Math.abs(corpusChrf(hypotheses, [references], options) - expected)).toBeLessThan(epsilon);
  });

  const effectiveOrderCases: [hypotheses: string[], references: string[], expected: number][] = [
    [["a"], ["a"], 100],
    [[""], ["reference"], 0],
    [["a b c"], ["a b c"], 100],
    [["a b c"], ["abc"], 100],
    [[""], ["c"], 0],
    [["a", "b"], ["a", "c"], 50],
    [["aa"], ["ab"], 25],
  ];
  it.each(effectiveOrderCases)("effective order, beta 3: %j vs %j = %d", (hypotheses, references, expected) => {
    expect(Math.abs(corpusChrf(hypotheses, [references], { beta: 3 }) - expected)).toBeLessThan(epsilon);
  });

  it.each([
    ["Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.", "Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.", 67.3481606],
    [
      "risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .",
      "risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .",
      65.2414427,
    ],
  ])("keeping whitespace, beta 3: %j", (hypothesis, reference, expected) => {
    expect(Math.abs(corpusChrf([hypothesis], [[reference]], { beta: 3, whitespace: true }) - expected)).toBeLessThan(epsilon);
  });

  it.each([
    ["Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.", "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.", 39.14078509],
    ["Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.", "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.", 31.22557079],
    ["Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.", "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.", 57.15704367],
  ])("sentence level with eps smoothing: %j", (hypothesis, reference, expected) => {
    expect(Math.abs(sentenceChrf(hypothesis, [reference], { epsSmoothing: true }) - expected)).toBeLessThan(epsilon);
  });
});

describe("chrF++ and statistics", () => {
  it("chrF++ adds word unigrams and bigrams, splitting punctuation off word edges", () => {
    const stats = chrfStatistics("the cat, sat", ["the cat sat"], { wordOrder: 2 });
    expect(stats).toHaveLength(3 * 8);
    // Word unigrams: hypothesis the/cat/,/sat (4) against the/cat/sat (3), 3 shared.
    expect(stats.slice(18, 21)).toEqual([4, 3, 3]);
    // Word bigrams: "the cat", "cat ,", ", sat" against "the cat", "cat sat": 1 shared.
    expect(stats.slice(21, 24)).toEqual([3, 2, 1]);
    expect(sentenceChrf("the cat sat", ["the cat sat"], { wordOrder: 2 })).toBeCloseTo(100, 12);
  });

  it("uses the best reference; an empty one is a zero-length reference (sacrebleu >= 2.2)", () => {
    expect(sentenceChrf("abc", ["xyz", "abc"])).toBeCloseTo(100, 12);
    expect(chrfStatistics("abc", ["", "abc"])).toEqual(chrfStatistics("abc", ["abc"]));
    expect(sentenceChrf("abc", [""])).toBe(0);
    expect(sentenceChrf("", [""])).toBe(0);
    expect(corpusChrf(["abc", "abc"], [["abc", undefined], ["", "abc"]])).toBeCloseTo(100, 12);
    expect(() => chrfStatistics("abc", [])).toThrow(/at least one reference/);
  });

  it("counts characters as code points", () => {
    expect(chrfStatistics("😀😀", ["😀"], { charOrder: 1 })).toEqual([2, 1, 1]);
  });
});

describe("chrF properties", () => {
  const text = fc.stringMatching(/^[a-z ]{1,30}$/).filter((value) => value.trim() !== "");

  it("identical texts score 100; scores lie in [0, 100]", () => {
    fc.assert(
      fc.property(text, text, (hypothesis, reference) => {
        expect(sentenceChrf(reference, [reference])).toBeCloseTo(100, 9);
        const score = sentenceChrf(hypothesis, [reference], { wordOrder: 2 });
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100 + 1e-9);
      }),
    );
  });

  it("corpus chrF from summed statistics equals corpusChrf", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }), (pairs) => {
        const rows = pairs.map(([hypothesis, reference]) => chrfStatistics(hypothesis, [reference]));
        const summed = rows.reduce((sum, row) => sum.map((value, index) => value + (row[index] ?? 0)));
        const corpus = corpusChrf(pairs.map(([hypothesis]) => hypothesis), [pairs.map(([, reference]) => reference)]);
        expect(chrfFromStatistics(summed)).toBeCloseTo(corpus, 9);
      }),
    );
  });
});

describe("chrf scorer", () => {
  it("scores sentence chrF / 100 with statistics and a corpus chrF", async () => {
    const scorer = createChrfScorer({ type: "chrf", char_order: 6, word_order: 0, beta: 2, weight: 1 }, factoryOptions("chrf"));
    expect(scorer.threshold).toBe(0.5);
    expect(scorer.corpusName).toBe("chrf (corpus)");
    expect(createChrfScorer({ type: "chrf", char_order: 6, word_order: 2, beta: 2, weight: 1 }, factoryOptions("chrf-words")).corpusName).toBe("chrf-words (corpus)");
    const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
    const refs = [
      ["The dog bit the man.", "The dog had bit the man."],
      ["It was not unexpected.", "No one was surprised."],
      ["The man bit him first.", "The man had bitten the dog."],
    ];
    const outcomes = await Promise.all(hyps.map((hypothesis, index) => scorer.score(scoreInput(hypothesis, refs[index]))));
    expect(outcomes[0]?.score).toBe(1);
    expect(outcomes[1]?.reason).toMatch(/^chrF2 \d+\.\d\d$/);
    expect(scorer.corpus?.(outcomes.map((outcome) => outcome.stats ?? [])).toFixed(2)).toBe("59.73");
  });

  it("chrF++ through word_order 2", async () => {
    const scorer = createChrfScorer({ type: "chrf", char_order: 6, word_order: 2, beta: 2, weight: 1, threshold: 0.7 }, factoryOptions("chrf"));
    const outcome = await scorer.score(scoreInput("the cat sat", "the cat sat on the mat"));
    expect(outcome.reason).toMatch(/^chrF2\+\+ /);
    expect(outcome.stats).toHaveLength(24);
    expect(outcome.score).toBeCloseTo(sentenceChrf("the cat sat", ["the cat sat on the mat"], { wordOrder: 2 }) / 100, 12);
  });
});
