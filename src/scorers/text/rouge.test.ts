import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createRougeScorer, lcsLength, lcsLengthByTable, rouge, rougeBest, rougeL, rougeLsum, rougeLsumFromSentences, rougeN, rougeTokenize, type RougeType } from "./rouge.js";
import { rougePredictionMulti, rougePredictions, rougeTargetMulti, rougeTargets } from "./testing/rouge-score-testdata.js";

describe("rouge-score tokenization", () => {
  it("lowercases, replaces non [a-z0-9] runs with spaces and stems only tokens longer than 3", () => {
    expect(rougeTokenize("The quick-brown FOX's 2 cafés!")).toEqual(["the", "quick", "brown", "fox", "s", "2", "caf", "s"]);
    expect(rougeTokenize("running runs ran cats", true)).toEqual(["run", "run", "ran", "cat"]);
    // "dies" has 4 characters and is stemmed; "ties" too; "cat" is not.
    expect(rougeTokenize("dies ties cat used", true)).toEqual(["die", "tie", "cat", "use"]);
  });
});

// /work/shared/reference/metrics.md (ROUGE table) = rouge-score's rouge_scorer_test.py.
describe("ROUGE reference values", () => {
  const table: [target: string, prediction: string, type: RougeType, precision: number, recall: number, fmeasure: number][] = [
    ["testing one two", "testing", "rouge1", 1, 1 / 3, 1 / 2],
    ["testing one two", "testing one", "rouge2", 1, 1 / 2, 2 / 3],
    ["testing one two", "testing one", "rougeL", 1, 2 / 3, 4 / 5],
    ["testing one two", "testing two", "rougeL", 1, 2 / 3, 4 / 5],
    ["testing one two", "testing one", "rouge1", 1, 2 / 3, 4 / 5],
  ];
  it.each(table)("%j vs %j %s", (target, prediction, type, precision, recall, fmeasure) => {
    const result = rouge(type, target, prediction);
    expect(result.precision).toBeCloseTo(precision, 12);
    expect(result.recall).toBeCloseTo(recall, 12);
    expect(result.fmeasure).toBeCloseTo(fmeasure, 12);
  });

  it.each(["rouge1", "rouge2", "rougeL", "rougeLsum"] as const)("an empty prediction scores 0 for %s", (type) => {
    expect(rouge(type, "testing one two", "")).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it("ROUGE-Lsum: union LCS over newline-separated sentences (testRougeLsum)", () => {
    const result = rougeLsum("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5");
    expect(result.recall).toBeCloseTo(0.8, 12);
    expect(result.precision).toBeCloseTo(0.4, 12);
    expect(result.fmeasure).toBeCloseTo(0.5333, 3);
    expect(rougeLsum("w1 w2 w3 w4 w5", "")).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(rougeLsum("", "w1")).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(rougeLsum("w1 w2 w3 w4 w5", "/")).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    // testSummaryLevelLcs: the tokenizer may leave a sentence empty.
    expect(rougeLsumFromSentences([["reference"]], [[]]).recall).toBe(0);
  });

  it("ROUGE-L differs from ROUGE-Lsum on multi-sentence text", () => {
    // Sentence order matters to one LCS over the whole text, not to the union of sentence LCSs.
    expect(rougeL("a b\nc d", "c d\na b").recall).toBeCloseTo(0.5, 12);
    expect(rougeLsum("a b\nc d", "c d\na b").recall).toBeCloseTo(1, 12);
  });
});

// rouge_scorer_test.py: values of the official ROUGE-1.5.5 on rouge-score's test data, to 5 places.
describe("ROUGE against ROUGE-1.5.5 (rouge-score test data)", () => {
  const cases: [name: string, compute: () => { precision: number; recall: number; fmeasure: number }, recall: number, precision: number, fmeasure: number][] = [
    ["rouge1 #0", () => rougeN(rougeTargets[0], rougePredictions[0], { n: 1 }), 0.40741, 0.6875, 0.51163],
    ["rouge1 #1", () => rougeN(rougeTargets[1], rougePredictions[1], { n: 1 }), 0.40476, 0.65385, 0.5],
    ["rouge1 stemmed #0", () => rougeN(rougeTargets[0], rougePredictions[0], { n: 1, useStemmer: true }), 0.40741, 0.6875, 0.51163],
    ["rouge1 stemmed #1", () => rougeN(rougeTargets[1], rougePredictions[1], { n: 1, useStemmer: true }), 0.42857, 0.69231, 0.52941],
    ["rouge2 #0", () => rougeN(rougeTargets[0], rougePredictions[0], { n: 2 }), 0.30769, 0.53333, 0.39024],
    ["rouge2 #1", () => rougeN(rougeTargets[1], rougePredictions[1], { n: 2 }), 0.29268, 0.48, 0.36364],
    ["rouge2 stemmed #0", () => rougeN(rougeTargets[0], rougePredictions[0], { n: 2, useStemmer: true }), 0.30769, 0.53333, 0.39024],
    ["rouge2 stemmed #1", () => rougeN(rougeTargets[1], rougePredictions[1], { n: 2, useStemmer: true }), 0.29268, 0.48, 0.36364],
    ["rougeL #0", () => rougeL(rougeTargets[0], rougePredictions[0]), 0.40741, 0.6875, 0.51163],
    ["rougeL #1", () => rougeL(rougeTargets[1], rougePredictions[1]), 0.40476, 0.65385, 0.5],
    ["rougeLsum stemmed multi-line", () => rougeLsum(rougeTargetMulti, rougePredictionMulti, { useStemmer: true }), 0.36538, 0.66667, 0.47205],
  ];
  it.each(cases)("%s", (_name, compute, recall, precision, fmeasure) => {
    const result = compute();
    expect(result.recall).toBeCloseTo(recall, 5);
    expect(result.precision).toBeCloseTo(precision, 5);
    expect(result.fmeasure).toBeCloseTo(fmeasure, 5);
  });
});

describe("ROUGE properties", () => {
  const word = fc.stringMatching(/^[a-z0-9]{1,6}$/);
  const text = fc.array(word, { minLength: 1, maxLength: 15 }).map((words) => words.join(" "));

  it("identical texts score 1 on every type", () => {
    fc.assert(
      fc.property(text, (value) => {
        for (const type of ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const) {
          const expected = type === "rouge2" && value.split(" ").length < 2 ? 0 : 1;
          expect(rouge(type, value, value).fmeasure).toBeCloseTo(expected, 12);
        }
      }),
    );
  });

  it("scores lie in [0, 1], precision and recall swap when target and prediction swap", () => {
    fc.assert(
      fc.property(text, text, (target, prediction) => {
        for (const type of ["rouge1", "rouge2", "rougeL"] as const) {
          const forward = rouge(type, target, prediction);
          const backward = rouge(type, prediction, target);
          for (const value of [forward.precision, forward.recall, forward.fmeasure]) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          }
          expect(backward.precision).toBeCloseTo(forward.recall, 12);
          expect(backward.fmeasure).toBeCloseTo(forward.fmeasure, 12);
        }
      }),
    );
  });

  it("the bit-parallel LCS equals the table, is at most the shorter length and symmetric", () => {
    const smallWord = fc.constantFrom("a", "b", "c", "d", "e");
    fc.assert(
      fc.property(fc.array(smallWord, { maxLength: 100 }), fc.array(smallWord, { maxLength: 100 }), (left, right) => {
        const length = lcsLength(left, right);
        expect(length).toBe(lcsLengthByTable(left, right));
        expect(length).toBe(lcsLength(right, left));
        expect(length).toBeLessThanOrEqual(Math.min(left.length, right.length));
      }),
    );
  });
});

describe("rouge scorers", () => {
  it("scores the F-measure by default, against the best reference, with threshold 0.5", async () => {
    const scorer = createRougeScorer({ type: "rougeL", use_stemmer: false, measure: "f", weight: 1 }, factoryOptions("rougeL"));
    expect(scorer.threshold).toBe(0.5);
    const outcome = await scorer.score(scoreInput("testing two", ["something else entirely", "testing one two"]));
    expect(outcome.score).toBeCloseTo(0.8, 12);
    // Reasons explain failures only.
    expect(outcome.reason).toBeUndefined();
    const strict = createRougeScorer({ type: "rougeL", use_stemmer: false, measure: "f", weight: 1, threshold: 0.9 }, factoryOptions("rougeL"));
    expect((await strict.score(scoreInput("testing two", ["testing one two"]))).reason).toContain("rougeL F 0.8000");
  });

  it("measure p and r choose precision and recall; use_stemmer stems", async () => {
    const precision = createRougeScorer({ type: "rouge1", use_stemmer: false, measure: "p", weight: 1 }, factoryOptions("rouge1"));
    const recall = createRougeScorer({ type: "rouge1", use_stemmer: true, measure: "r", weight: 1, threshold: 0.9 }, factoryOptions("rouge1"));
    expect((await precision.score(scoreInput("testing", "testing one two"))).score).toBe(1);
    expect((await recall.score(scoreInput("runs quickly", "running quickly"))).score).toBe(1);
    expect(recall.threshold).toBe(0.9);
  });

  it("rouge2 and rougeLsum types work through the same factory", async () => {
    const rouge2 = createRougeScorer({ type: "rouge2", use_stemmer: false, measure: "f", weight: 1 }, factoryOptions("rouge2"));
    expect((await rouge2.score(scoreInput("testing one", "testing one two"))).score).toBeCloseTo(2 / 3, 12);
    const lsum = createRougeScorer({ type: "rougeLsum", use_stemmer: false, measure: "r", weight: 1 }, factoryOptions("rougeLsum"));
    expect((await lsum.score(scoreInput("w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", "w1 w2 w3 w4 w5"))).score).toBeCloseTo(0.8, 12);
  });

  it("the rougeL scorer gives rougeBest's figures, for every measure, with and without stemming", async () => {
    const word = fc.constantFrom("the", "running", "runs", "cat", "Cats", "sat", "mat", "on", "a", "dog", "é", "x-y");
    const text = fc.array(word, { maxLength: 40 }).map((words) => words.join(" "));
    await fc.assert(
      fc.asyncProperty(text, fc.array(text, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.constantFrom("f" as const, "p" as const, "r" as const), async (output, references, useStemmer, measure) => {
        const scorer = createRougeScorer({ type: "rougeL", use_stemmer: useStemmer, measure, weight: 1, threshold: 0 }, factoryOptions("rougeL"));
        const best = rougeBest("rougeL", references, output, { useStemmer });
        const expected = measure === "f" ? best.fmeasure : measure === "p" ? best.precision : best.recall;
        expect((await scorer.score(scoreInput(output, references))).score).toBe(expected);
        // The output as one of the references (the cached tokens shared by both sides).
        const same = rougeBest("rougeL", [...references, output], output, { useStemmer });
        expect((await scorer.score(scoreInput(output, [...references, output]))).score).toBe(measure === "f" ? same.fmeasure : measure === "p" ? same.precision : same.recall);
      }),
    );
  });
});
