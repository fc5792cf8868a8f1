import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../spec/result.js";
import type { ScoreRecord } from "../spec/scorer.js";
import { resultColumns } from "./result-insert.js";
import { fromResultRow, toResultRow } from "./result-row.js";

const record: ResultRecord = {
  runId: "r",
  candidateId: "c",
  caseIndex: 3,
  caseId: "case-3",
  repeat: 1,
  output: "out",
  finishReason: "stop",
  scores: [{ name: "exact", score: 1, pass: true, weight: 1, reason: undefined }],
  pass: true,
  score: 1,
  latencyMs: 10,
  ttftMs: null,
  inputTokens: 1,
  outputTokens: 2,
  cacheReadTokens: null,
  cacheWriteTokens: null,
  reasoningTokens: null,
  costUsd: null,
  cached: false,
  error: null,
  retrieved: null,
  createdAt: 1,
};

describe("result rows", () => {
  it("have exactly the columns the direct insert writes", () => {
    expect(Object.keys(toResultRow(record)).sort()).toEqual([...resultColumns].sort());
  });

  it("store compact JSON, 0/1 flags and nulls", () => {
    const row = toResultRow(record);
    expect(row.scores).toBe('[["exact",1,1,1]]');
    expect(row.pass).toBe(1);
    expect(row.cached).toBe(0);
    expect(toResultRow({ ...record, pass: null }).pass).toBeNull();
    expect(fromResultRow(row)).toEqual(record);
  });

  it("store plain scores (and scores with only corpus statistics) as tuples and the others as objects, and read both forms back", () => {
    const scores: ScoreRecord[] = [
      { name: "equals", score: 0, pass: false, weight: 2 },
      { name: "bleu", score: 0.5, pass: true, weight: 1, stats: [1, 2, 3] },
      { name: "judge", score: null, pass: false, weight: 1, error: { code: "scorer_failed", message: "no verdict" } },
      { name: "label", score: 1, pass: true, weight: 1, label: "a", expectedLabel: "a" },
    ];
    const row = toResultRow({ ...record, scores });
    expect(JSON.parse(row.scores).slice(0, 2)).toEqual([
      ["equals", 0, 0, 2],
      ["bleu", 0.5, 1, 1, [1, 2, 3]],
    ]);
    expect(fromResultRow(row).scores).toEqual(scores);
    // A row written before the tuple form.
    expect(fromResultRow({ ...row, scores: JSON.stringify(scores) }).scores).toEqual(scores);
  });

  it("write the same text as JSON.stringify of the tuples would, for any names and numbers", () => {
    // The encoder writes the tuples as text; this is the form it must equal.
    const byStringify = (scores: readonly ScoreRecord[]): string =>
      JSON.stringify(scores.map((score) => (score.stats === undefined ? [score.name, score.score, score.pass ? 1 : 0, score.weight] : [score.name, score.score, score.pass ? 1 : 0, score.weight, score.stats])));
    const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0, -0, 1, 0.1, 1e21, 5e-324));
    const score = fc.record(
      { name: fc.string(), score: fc.oneof(number, fc.constant(null)), pass: fc.boolean(), weight: number, stats: fc.option(fc.array(number, { maxLength: 12 }), { nil: undefined }) },
      { requiredKeys: ["name", "score", "pass", "weight"] },
    );
    fc.assert(
      fc.property(fc.array(score, { maxLength: 8 }), (scores) => {
        const row = toResultRow({ ...record, scores: scores as ScoreRecord[] });
        expect(row.scores).toBe(byStringify(scores as ScoreRecord[]));
      }),
    );
  });
});

