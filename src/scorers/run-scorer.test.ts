import { describe, expect, it } from "vitest";
import type { ScorerV1 } from "../spec/scorer.js";
import { createScorer } from "./create-scorer.js";
import { runScorer, runScorerNow, runScorers } from "./run-scorer.js";
import { renderLiquid, scoreInput } from "./testing/score-input.js";

function fakeScorer(score: ScorerV1["score"], threshold = 0.5): ScorerV1 {
  return { specificationVersion: "v1", name: "fake", type: "fake", threshold, weight: 2, score };
}

describe("runScorer", () => {
  it("records the score and compares it with the threshold", async () => {
    expect(await runScorer(fakeScorer(() => ({ score: 0.5, reason: "half" })), scoreInput("x"))).toEqual({ name: "fake", score: 0.5, pass: true, weight: 2, reason: "half" });
    expect(await runScorer(fakeScorer(() => ({ score: 0.4 })), scoreInput("x"))).toEqual({ name: "fake", score: 0.4, pass: false, weight: 2 });
  });

  it("awaits asynchronous scorers", async () => {
    expect(await runScorer(fakeScorer(async () => ({ score: 1 })), scoreInput("x"))).toMatchObject({ score: 1, pass: true });
  });

  it("records throws, rejections and non-finite scores as data", async () => {
    const thrown = await runScorer(fakeScorer(() => { throw new Error("boom"); }), scoreInput("x"));
    expect(thrown).toEqual({ name: "fake", score: null, pass: false, weight: 2, error: { code: "scorer_failed", message: "boom" } });
    const rejected = await runScorer(fakeScorer(() => Promise.reject(new Error("later"))), scoreInput("x"));
    expect(rejected.error).toEqual({ code: "scorer_failed", message: "later" });
    const nan = await runScorer(fakeScorer(() => ({ score: NaN })), scoreInput("x"));
    expect(nan).toMatchObject({ score: null, pass: false, error: { code: "scorer_failed" } });
  });

  it("turns a built-in scorer's per-case failure into data", async () => {
    const scorer = createScorer({ type: "equals" }, { name: "exact", baseDir: ".", render: renderLiquid });
    const record = await runScorer(scorer, scoreInput("x", undefined));
    expect(record).toMatchObject({ name: "exact", score: null, pass: false, error: { code: "scorer_failed" } });
    expect(record.error?.message).toMatch(/no expected value/);
  });

  it("runs several scorers in order", async () => {
    const records = await runScorers([fakeScorer(() => ({ score: 1 })), fakeScorer(() => { throw new Error("x"); })], scoreInput("x"));
    expect(records.map((record) => record.pass)).toEqual([true, false]);
  });

  it("answers without a promise when the scorer is synchronous, and as runScorer does otherwise", async () => {
    const now = runScorerNow(fakeScorer(() => ({ score: 1 })), scoreInput("x"));
    expect(now instanceof Promise).toBe(false);
    expect(now).toEqual(await runScorer(fakeScorer(() => ({ score: 1 })), scoreInput("x")));
    const later = runScorerNow(fakeScorer(() => Promise.resolve({ score: 0.5 })), scoreInput("x"));
    expect(later instanceof Promise).toBe(true);
    expect(await later).toMatchObject({ score: 0.5 });
    expect(runScorerNow(fakeScorer(() => { throw new Error("boom"); }), scoreInput("x"))).toMatchObject({ score: null, error: { message: "boom" } });
    expect(await runScorerNow(fakeScorer(() => Promise.reject(new Error("later"))), scoreInput("x"))).toMatchObject({ error: { message: "later" } });
  });
});
