import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { bleuFromStatistics, bleuScoreFromStatistics, bleuStatistics, corpusBleu, createBleuScorer, formatBleu, sentenceBleu, type BleuOptions } from "./bleu.js";

// sacrebleu's README example (also /work/shared/reference/metrics.md and sacrebleu test/test_bleu.py).
const refs = [
  ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
  ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
];
const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];

// sacrebleu's raw_corpus_bleu: floor smoothing, no tokenization, effective order.
const raw = (smoothValue: number): BleuOptions => ({ smooth: "floor", smoothValue, tokenize: "none", effectiveOrder: true });

describe("corpus BLEU reference values", () => {
  it("README example: 48.530827009929865 printed as sacrebleu prints it", () => {
    const score = corpusBleu(hyps, refs);
    expect(score.score).toBeCloseTo(48.530827009929865, 10);
    expect(formatBleu(score)).toBe("48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
  });

  // sacrebleu test/test_bleu.py, test_corpus_bleu_cases (EPSILON 1e-8).
  it.each([
    [{}, 48.530827],
    [{ tokenize: "none" }, 49.1919566],
    [{ tokenize: "13a" }, 48.530827],
    [{ tokenize: "intl" }, 43.91623493],
    [{ smooth: "none" }, 48.530827],
  ] as [BleuOptions, number][])("options %j: %d", (options, expected) => {
    expect(Math.abs(corpusBleu(hyps, refs, options).score - expected)).toBeLessThan(1e-6);
  });

  it("README, variable number of references: a missing reference is skipped", () => {
    const missing = [[undefined, ...(refs[0] ?? []).slice(1)], refs[1] ?? []];
    expect(formatBleu(corpusBleu(hyps, missing))).toBe("29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)");
    // An empty one is a zero-length reference; here the other reference is still the closest in length.
    const variable = [["", ...(refs[0] ?? []).slice(1)], refs[1] ?? []];
    expect(formatBleu(corpusBleu(hyps, variable))).toBe("29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)");
  });

  it("empty hypotheses are kept and score 0.0", () => {
    expect(corpusBleu(["", "", ""], refs).score).toBe(0);
  });

  // sacrebleu test/test_bleu.py, test_bleu_max_order.
  it.each([
    [1, "77.65"],
    [2, "60.50"],
    [3, "53.93"],
    [4, "48.53"],
    [5, "46.14"],
    [6, "43.28"],
  ])("max n-gram order %d: %s", (maxOrder, expected) => {
    expect(corpusBleu(hyps, refs, { maxOrder }).score.toFixed(2)).toBe(expected);
  });
});

describe("BLEU statistics and smoothing (sacrebleu test/test_bleu.py)", () => {
  it("counts clipped n-gram matches and totals", () => {
    const stats = bleuStatistics("am I am a character sequence", ["I am a symbol string sequence a a"], { tokenize: "none" });
    expect(stats).toEqual([4, 2, 1, 0, 6, 5, 4, 3, 6, 8]);
  });

  it("compute_bleu of given statistics", () => {
    expect(bleuFromStatistics([9, 7, 5, 3, 10, 8, 6, 4, 11, 11], { smooth: "none" }).score / 100).toBeCloseTo(0.8375922397, 9);
  });

  it.each([
    [[0, 0, 0, 0, 4, 4, 2, 1, 0, 1], 0],
    [[0, 0, 0, 0, 10, 11, 12, 0, 14, 10], 0],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0],
    [[6, 5, 4, 0, 6, 5, 4, 3, 6, 6], 0],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.1],
    [[0, 0, 0, 0, 0, 0, 0, 0, 1, 5], 0.01],
  ])("degenerate statistics %j with floor %d score 0", (stats, smoothValue) => {
    expect(bleuFromStatistics(stats, { smooth: "floor", smoothValue }).score).toBe(0);
  });

  it.each([
    [["this is a test", "another test"], ["ref1", "ref2"], 0],
    [["this is a test"], ["this is a test"], 1],
    [["this is a fest"], ["this is a test"], 0.223606797749979],
    [["test"], ["a test"], 0.3678794411714425],
    [["a test"], ["a test"], 1],
    [["a little test"], ["a test"], 0.03218297948685433],
  ])("raw_corpus_bleu(%j, %j) = %d", (hypotheses, references, expected) => {
    expect(Math.abs(corpusBleu(hypotheses, [references], raw(0.01)).score / 100 - expected)).toBeLessThan(1e-8);
  });

  it("floor smoothing offset (test_offset)", () => {
    const hypothesis = ["am I am a character sequence"];
    const reference = [["I am a symbol string sequence a a"]];
    expect(corpusBleu(hypothesis, reference, raw(0)).score).toBe(0);
    const withDefault = corpusBleu(hypothesis, reference, { smooth: "floor", tokenize: "none", effectiveOrder: true });
    expect(Math.abs(withDefault.score / 100 - 0.1555722182)).toBeLessThan(1e-8);
  });
});

describe("sentence BLEU (sacrebleu test/test_sentence_bleu.py, issue #98 example, EPSILON 1e-3)", () => {
  const reference = "produc\u0163ia de zah\u0103r brut se exprim\u0103 \u00een zah\u0103r alb;";
  const system = "Produc\u021bia de zah\u0103r prim\u0103 va fi exprimat\u0103 \u00een ceea ce prive\u0219te zah\u0103rul alb;";
  it.each([
    [{ smooth: "exp" }, 8.493],
    [{ smooth: "none" }, 0],
    [{ smooth: "floor" }, 4.51688],
    [{ smooth: "floor", smoothValue: 0.1 }, 4.51688],
    [{ smooth: "floor", smoothValue: 0.5 }, 10.1],
    [{ smooth: "add-k" }, 14.882],
    [{ smooth: "add-k", smoothValue: 1 }, 14.882],
    [{ smooth: "add-k", smoothValue: 2 }, 21.389],
    [{ tokenize: "none" }, 7.347],
    [{ tokenize: "intl" }, 8.493],
    [{ tokenize: "char" }, 40.8759],
    [{ tokenize: "char", lowercase: true }, 42.0267],
  ] as [BleuOptions, number][])("%j: %d", (options, expected) => {
    expect(Math.abs(sentenceBleu(system, [reference], options).score - expected)).toBeLessThan(1e-3);
  });

  it.each(["exp", "none", "floor", "add-k"] as const)("no match at all scores 0 with %s smoothing (#141)", (smooth) => {
    expect(sentenceBleu("this is a cat", ["okay thanks"], { smooth }).score).toBe(0);
  });

  it('sentence_bleu("a test", ["a test"]) = 100 thanks to effective order', () => {
    // exp(log(100)) is 100.00000000000004 in IEEE doubles, in Python as here; sacrebleu prints 100.00.
    expect(sentenceBleu("a test", ["a test"]).score).toBeCloseTo(100, 12);
    expect(sentenceBleu("a test", ["a test"]).score.toFixed(2)).toBe("100.00");
    // Without effective order the missing 3- and 4-grams drive it to 0.
    expect(sentenceBleu("a test", ["a test"], { effectiveOrder: false }).score).toBe(0);
  });

  it("picks the closest reference length, the shorter on ties", () => {
    expect(bleuStatistics("a b c d", ["a b", "a b c d e f"]).slice(8)).toEqual([4, 2]);
    expect(bleuStatistics("a b c", ["a b c d", "a b"]).slice(8)).toEqual([3, 2]);
    expect(bleuStatistics("a b c", ["a b", "a", "a b c d e"]).slice(8)).toEqual([3, 2]);
  });

  // sacrebleu >= 2.2 (checked against 2.6.0): an empty reference is a zero-length reference, not a
  // missing one; only a missing (None) reference is skipped.
  it("counts an empty reference as a zero-length reference, as sacrebleu 2.6.0 does", () => {
    expect(bleuStatistics("a b", ["", "a b c d"]).slice(8)).toEqual([2, 0]);
    expect(sentenceBleu("a b", ["", "a b c d"]).score).toBeCloseTo(100, 10);
    expect(sentenceBleu("a b", [""]).score).toBe(0);
    expect(sentenceBleu("", [""]).score).toBe(0);
    expect(corpusBleu(["a b", "a b"], [["", "a b"], ["a b c d", undefined]], { maxOrder: 2 }).score).toBeCloseTo(100, 10);
    expect(() => bleuStatistics("a b", [])).toThrow(/at least one reference/);
  });
});

describe("BLEU properties", () => {
  const word = fc.stringMatching(/^[A-Za-z]{1,8}$/);
  const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(" "));

  it("a hypothesis equal to its reference scores 100", () => {
    fc.assert(
      fc.property(sentence, (text) => {
        expect(sentenceBleu(text, [text]).score).toBeCloseTo(100, 9);
      }),
    );
  });

  it("scores lie in [0, 100] and corpus BLEU of one segment equals its sentence BLEU without effective order", () => {
    fc.assert(
      fc.property(sentence, fc.array(sentence, { minLength: 1, maxLength: 3 }), (hypothesis, references) => {
        const sentenceScore = sentenceBleu(hypothesis, references).score;
        expect(sentenceScore).toBeGreaterThanOrEqual(0);
        expect(sentenceScore).toBeLessThanOrEqual(100 + 1e-9);
        const corpus = corpusBleu([hypothesis], references.map((reference) => [reference])).score;
        expect(corpus).toBeCloseTo(sentenceBleu(hypothesis, references, { effectiveOrder: false }).score, 9);
      }),
    );
  });

  it("corpus BLEU from summed statistics equals corpusBleu", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(sentence, sentence), { minLength: 1, maxLength: 6 }), (pairs) => {
        const hypotheses = pairs.map(([hypothesis]) => hypothesis);
        const references = pairs.map(([, reference]) => reference);
        const summed = pairs.map(([hypothesis, reference]) => bleuStatistics(hypothesis, [reference])).reduce((sum, row) => sum.map((value, index) => value + (row[index] ?? 0)));
        expect(bleuFromStatistics(summed).score).toBeCloseTo(corpusBleu(hypotheses, [references]).score, 9);
      }),
    );
  });

  it("the score alone equals the detailed score, for every smoothing and order setting", () => {
    const stats = fc
      .tuple(fc.array(fc.nat({ max: 30 }), { minLength: 4, maxLength: 4 }), fc.nat({ max: 40 }), fc.nat({ max: 40 }), fc.boolean())
      .map(([counts, hypLength, refLength, noMatch]) => {
        const totals = [0, 1, 2, 3].map((order) => Math.max(0, hypLength - order));
        return [...counts.map((count, order) => (noMatch ? 0 : Math.min(count, totals[order] as number))), ...totals, hypLength, refLength];
      });
    fc.assert(
      fc.property(stats, fc.constantFrom<BleuOptions["smooth"]>("exp", "floor", "add-k", "none"), fc.boolean(), (row, smooth, effectiveOrder) => {
        const options: BleuOptions = { smooth, effectiveOrder };
        expect(Object.is(bleuScoreFromStatistics(row, options), bleuFromStatistics(row, options).score)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it("a hypothesis equal to its only reference (the shortcut) gets the statistics of the general count", () => {
    const punctuated = fc.array(fc.stringMatching(/^[A-Za-z.,]{1,5}$/), { minLength: 1, maxLength: 40 }).map((words) => words.join(" "));
    fc.assert(
      fc.property(punctuated, (text) => {
        // Two references take the general path; the same text twice gives the same clipped counts.
        expect(bleuStatistics(text, [text])).toEqual(bleuStatistics(text, [text, text]));
      }),
    );
  });

  it("numeric n-gram keys and the string fallback agree (large vocabularies)", () => {
    const many = Array.from({ length: 12_000 }, (_, index) => `w${index}`);
    const hypothesis = many.slice(0, 6_000).join(" ");
    const reference = many.slice(3_000).join(" ");
    const stats = bleuStatistics(hypothesis, [reference], { tokenize: "none" });
    expect(stats).toEqual([3000, 2999, 2998, 2997, 6000, 5999, 5998, 5997, 6000, 9000]);
  });
});

describe("bleu scorer", () => {
  it("scores sentence BLEU / 100, returns statistics and computes corpus BLEU from them", async () => {
    const scorer = createBleuScorer({ type: "bleu", tokenize: "13a", smooth: "exp", lowercase: false, weight: 1 }, factoryOptions("bleu"));
    expect(scorer.threshold).toBe(0.3);
    expect(scorer.corpusName).toBe("bleu (corpus)");
    expect(createBleuScorer({ type: "bleu", tokenize: "intl", smooth: "exp", lowercase: false, weight: 1 }, factoryOptions("bleu-intl")).corpusName).toBe("bleu-intl (corpus)");
    expect((await scorer.score(scoreInput("a b", [""]))).score).toBe(0);
    const outcomes = await Promise.all(hyps.map((hypothesis, index) => scorer.score(scoreInput(hypothesis, refs.map((stream) => stream[index])))));
    const first = outcomes[0];
    expect(first?.score).toBe(1);
    // Reasons explain failures only.
    expect(first?.reason).toBeUndefined();
    const failing = await scorer.score(scoreInput("nothing alike here", ["The dog bit the man."]));
    expect(failing.reason).toContain("sentence BLEU");
    for (const [index, outcome] of outcomes.entries()) {
      expect(outcome.score).toBeCloseTo(sentenceBleu(hyps[index] ?? "", refs.map((stream) => stream[index] ?? "")).score / 100, 12);
    }
    const corpus = scorer.corpus?.(outcomes.map((outcome) => outcome.stats ?? []));
    expect(corpus).toBeCloseTo(48.530827009929865, 10);
  });

  it("honours tokenize and lowercase", async () => {
    const scorer = createBleuScorer({ type: "bleu", tokenize: "none", smooth: "exp", lowercase: true, weight: 1, threshold: 0.5 }, factoryOptions("bleu"));
    expect(scorer.threshold).toBe(0.5);
    expect((await scorer.score(scoreInput("THE CAT SAT", "the cat sat"))).score).toBe(1);
    expect((await scorer.score(scoreInput("the cat sat.", "the cat sat"))).score).toBeLessThan(1);
  });
});
