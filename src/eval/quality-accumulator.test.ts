import { describe, expect, it } from "vitest";
import { createScorer } from "../scorers/create-scorer.js";
import type { ResultRecord } from "../spec/result.js";
import type { ScorerV1 } from "../spec/scorer.js";
import { bootstrapCorpusInterval } from "../stats/bootstrap.js";
import { corpusBleu } from "../scorers/text/bleu.js";
import { QualityAccumulator } from "./quality-accumulator.js";

function result(caseIndex: number, repeat: number, scores: ResultRecord["scores"]): ResultRecord {
  return {
    runId: "run",
    candidateId: "a",
    caseIndex,
    caseId: `case-${caseIndex}`,
    repeat,
    output: "",
    finishReason: "stop",
    scores,
    pass: true,
    score: 1,
    latencyMs: 1,
    ttftMs: null,
    inputTokens: null,
    outputTokens: null,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    costUsd: null,
    cached: false,
    error: null,
    retrieved: null,
    createdAt: 0,
  };
}

const bleu = createScorer({ type: "bleu" }, { name: "bleu", baseDir: ".", render: (template) => template });
const words = ["the", "cat", "sat", "on", "a", "mat", "dog", "ran", "far", "away"];
/** A deterministic hypothesis and reference for case i (the hypothesis drops and swaps some words). */
function pair(index: number): { hypothesis: string; reference: string } {
  const reference = Array.from({ length: 6 + (index % 5) }, (_, position) => words[(index * 7 + position * 3) % words.length]).join(" ");
  const tokens = reference.split(" ");
  if (index % 3 === 0) tokens.pop();
  if (index % 4 === 1) tokens.reverse();
  return { hypothesis: tokens.join(" "), reference };
}

async function accumulate(scorer: ScorerV1, cases: number, repeats: number): Promise<{ accumulator: QualityAccumulator; rows: number[][] }> {
  const accumulator = new QualityAccumulator({ scorers: [scorer], cases, repeats });
  const rows: number[][] = [];
  for (let caseIndex = 0; caseIndex < cases; caseIndex++) {
    const { hypothesis, reference } = pair(caseIndex);
    const outcome = await scorer.score({ output: hypothesis, expected: reference, vars: {}, caseId: `case-${caseIndex}`, candidateId: "a" });
    const stats = outcome.stats ?? [];
    rows.push(stats.map((value) => value * repeats));
    for (let repeat = 0; repeat < repeats; repeat++) {
      accumulator.add(result(caseIndex, repeat, [{ name: scorer.name, score: outcome.score, pass: true, weight: 1, stats }]));
    }
  }
  return { accumulator, rows };
}

describe("QualityAccumulator corpus metrics", () => {
  it("reports corpus BLEU from the summed statistics, with the bootstrap of the cases (repeats summed per case)", async () => {
    const cases = 120;
    const { accumulator, rows } = await accumulate(bleu, cases, 2);
    const [metric] = accumulator.finish().corpusMetrics;
    const pairs = Array.from({ length: cases }, (_, index) => pair(index));
    // Each case counted twice (two repeats) has the same corpus BLEU as each case once.
    expect(metric?.mean).toBeCloseTo(corpusBleu(pairs.map((entry) => entry.hypothesis), [pairs.map((entry) => entry.reference)]).score, 10);
    expect(metric).toMatchObject({ name: "bleu (corpus)", kind: "corpus", n: cases, method: "bootstrap" });
    const interval = bootstrapCorpusInterval(rows, (summed) => bleu.corpus?.([Array.from(summed)]) ?? Number.NaN, { resamples: 1000, seed: 1 });
    expect(metric?.ci_low).toBe(interval.low);
    expect(metric?.ci_high).toBe(interval.high);
  });

  it("resamples blocks of cases above 500 cases, and a scorer without corpusOfSum gives the same figures", async () => {
    const cases = 1300;
    const { accumulator } = await accumulate(bleu, cases, 1);
    const [metric] = accumulator.finish().corpusMetrics;
    const pairs = Array.from({ length: cases }, (_, index) => pair(index));
    expect(metric?.mean).toBeCloseTo(corpusBleu(pairs.map((entry) => entry.hypothesis), [pairs.map((entry) => entry.reference)]).score, 10);
    expect(metric?.ci_low).toBeLessThan(metric?.mean ?? Number.NaN);
    expect(metric?.ci_high).toBeGreaterThan(metric?.mean ?? Number.NaN);
    const { corpusOfSum: _unused, ...withoutSum } = bleu;
    const plain: ScorerV1 = withoutSum;
    const [same] = (await accumulate(plain, cases, 1)).accumulator.finish().corpusMetrics;
    expect(same).toEqual(metric);
  });

  it("counts only the cases that have statistics", async () => {
    const accumulator = new QualityAccumulator({ scorers: [bleu], cases: 10, repeats: 1 });
    for (const caseIndex of [2, 5, 7]) {
      const { hypothesis, reference } = pair(caseIndex);
      const outcome = await bleu.score({ output: hypothesis, expected: reference, vars: {}, caseId: "c", candidateId: "a" });
      accumulator.add(result(caseIndex, 0, [{ name: "bleu", score: outcome.score, pass: true, weight: 1, stats: outcome.stats ?? [] }]));
    }
    const [metric] = accumulator.finish().corpusMetrics;
    const pairs = [2, 5, 7].map(pair);
    expect(metric?.n).toBe(3);
    expect(metric?.mean).toBeCloseTo(corpusBleu(pairs.map((entry) => entry.hypothesis), [pairs.map((entry) => entry.reference)]).score, 10);
  });

  it("names the scorer whose statistics change width", () => {
    const accumulator = new QualityAccumulator({ scorers: [bleu], cases: 2, repeats: 1 });
    accumulator.add(result(0, 0, [{ name: "bleu", score: 1, pass: true, weight: 1, stats: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }]));
    expect(() => accumulator.add(result(1, 0, [{ name: "bleu", score: 1, pass: true, weight: 1, stats: [1, 1] }]))).toThrow(/scorer "bleu" returned 2 corpus statistics for case 1, after 10/);
  });
});

describe("QualityAccumulator classification report", () => {
  const render = (template: string) => template;

  async function report(config: Parameters<typeof createScorer>[0], outputs: readonly [string, string][]) {
    const scorer = createScorer(config, { name: "intent", baseDir: ".", render });
    const accumulator = new QualityAccumulator({ scorers: [scorer], cases: outputs.length, repeats: 1 });
    for (const [index, [output, expected]] of outputs.entries()) {
      const outcome = await scorer.score({ output, expected, vars: {}, caseId: `case-${index}`, candidateId: "a" });
      accumulator.add(result(index, 0, [{ name: "intent", score: outcome.score, pass: outcome.score === 1, weight: 1, label: outcome.label, expectedLabel: outcome.expectedLabel }]));
    }
    const [summary] = accumulator.finish().classification;
    return summary;
  }

  const outputs: [string, string][] = [
    ["a", "a"],
    ["b", "a"],
    ["zzz", "b"],
    ["", "b"],
  ];

  it("reports the scorer's `labels` as the classes; predictions outside them go to (other) and count as wrong", async () => {
    const summary = await report({ type: "classification", labels: ["a", "b", "c"] }, outputs);
    expect(summary?.per_class.map((entry) => entry.label)).toEqual(["a", "b", "c"]);
    expect(summary?.confusion.predicted_labels).toEqual(["a", "b", "c", "(other)"]);
    expect(summary?.confusion.matrix).toEqual([
      [1, 1, 0, 0],
      [0, 0, 0, 2],
      [0, 0, 0, 0],
    ]);
    expect(summary?.accuracy).toBe(0.25);
    // Macro F1 over a, b and c: a has P 1, R 0.5; b and c score 0.
    expect(summary?.macro_f1).toBeCloseTo((2 / 3) / 3, 12);
  });

  it("without `labels`, the classes are the expected labels seen", async () => {
    const summary = await report({ type: "classification" }, outputs);
    expect(summary?.per_class.map((entry) => entry.label)).toEqual(["a", "b"]);
    expect(summary?.confusion.predicted_labels).toEqual(["a", "b", "(other)"]);
  });
});

describe("QualityAccumulator with two corpus scorers of one type", () => {
  it("names each corpus row after its scorer", async () => {
    const render = (template: string) => template;
    const first = createScorer({ type: "bleu" }, { name: "bleu", baseDir: ".", render });
    const second = createScorer({ type: "bleu", tokenize: "char" }, { name: "bleu-char", baseDir: ".", render });
    const accumulator = new QualityAccumulator({ scorers: [first, second], cases: 1, repeats: 1 });
    const scores = [];
    for (const scorer of [first, second]) {
      const outcome = await scorer.score({ output: "the cat sat", expected: "the cat sat down", vars: {}, caseId: "c", candidateId: "a" });
      scores.push({ name: scorer.name, score: outcome.score, pass: true, weight: 1, stats: outcome.stats ?? [] });
    }
    accumulator.add(result(0, 0, scores));
    expect(accumulator.finish().corpusMetrics.map((metric) => metric.name)).toEqual(["bleu (corpus)", "bleu-char (corpus)"]);
  });
});
