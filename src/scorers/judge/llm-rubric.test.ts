import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import { runScorer } from "../run-scorer.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createLlmRubricScorer } from "./llm-rubric.js";
import { createFakeJudge, judgeConfig, judgeModels, userMessage, type FakeReply } from "./testing/fake-judge.js";

function rubricScorer(reply: (index: number) => FakeReply, fields: Record<string, unknown> = {}, judgeSamples?: number) {
  const judge = createFakeJudge({ capabilities: { jsonSchema: true }, reply: (_request, index) => reply(index) });
  const options = factoryOptions("helpful", { models: judgeModels(judge), ...(judgeSamples === undefined ? {} : { judgeSamples }) });
  const scorer = createLlmRubricScorer(judgeConfig("llm-rubric", { rubric: "Answers the question about {{ topic }} politely.", ...fields }), options);
  return { judge, scorer };
}

describe("llm-rubric", () => {
  it("maps the grade onto [0, 1] and names the prompt version", async () => {
    const { judge, scorer } = rubricScorer(() => '{"reason": "Polite and on topic.", "grade": 4}');
    expect(scorer.threshold).toBe(0.5);
    const record = await runScorer(scorer, scoreInput("Tides come from the moon, kindly.", undefined, { question: "Why tides?", topic: "tides" }));
    expect(record).toMatchObject({ score: 0.75, pass: true, reason: "grade 4/5: Polite and on topic. [rubric@1]" });
    const text = userMessage(judge.requests[0]!);
    expect(text).toContain("question: Why tides?\ntopic: tides");
    expect(text).toContain("Answers the question about tides politely.");
    expect(text).toContain("from 1 (does not meet the rubric at all) to 5");
    expect(judge.requests[0]?.responseFormat).toMatchObject({ type: "json", schema: { properties: { grade: { enum: [1, 2, 3, 4, 5] } } } });
  });

  it("uses the configured scale and threshold", async () => {
    const { judge, scorer } = rubricScorer(() => '{"reason": "ok", "grade": 7}', { scale: { min: 0, max: 10 }, threshold: 0.8 });
    const record = await runScorer(scorer, scoreInput("x"));
    expect(record).toMatchObject({ score: 0.7, pass: false });
    expect(judge.requests[0]?.responseFormat).toMatchObject({ schema: { properties: { grade: { enum: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } } } });
  });

  it("narrows a long scale with minimum and maximum instead of an enum", async () => {
    const { judge, scorer } = rubricScorer(() => '{"reason": "ok", "grade": 50}', { scale: { min: 0, max: 100 } });
    expect((await runScorer(scorer, scoreInput("x"))).score).toBe(0.5);
    expect(judge.requests[0]?.responseFormat).toMatchObject({ schema: { properties: { grade: { type: "integer", minimum: 0, maximum: 100 } } } });
  });

  it("records a grade outside the scale as a scorer failure", async () => {
    const { scorer } = rubricScorer(() => '{"reason": "great", "grade": 9}');
    const record = await runScorer(scorer, scoreInput("x"));
    expect(record).toMatchObject({ score: null, pass: false, error: { code: "scorer_failed" } });
    expect(record.error?.message).toContain("grade 9, outside the scale 1..5");
  });

  it("records an unreadable verdict as a scorer failure with the judge's text", async () => {
    const { scorer } = rubricScorer(() => "I think it is fine.");
    const record = await runScorer(scorer, scoreInput("x"));
    expect(record.score).toBeNull();
    expect(record.error?.message).toContain('"I think it is fine."');
  });

  it("averages K samples and reports each", async () => {
    const grades = [5, 3, 4];
    const { judge, scorer } = rubricScorer((index) => `{"reason": "r${index}", "grade": ${grades[index]}}`, {}, 3);
    const record = await runScorer(scorer, scoreInput("x"));
    expect(record.samples).toEqual([1, 0.5, 0.75]);
    expect(record.score).toBeCloseTo(0.75, 12);
    expect(record.reason).toBe("mean grade 4/5: r0 (K=3 samples: 1, 0.5, 0.75) [rubric@1]");
    expect(judge.requests.map((request) => request.temperature)).toEqual([0.7, 0.7, 0.7]);
  });

  it("prefers the scorer's samples over --judge-samples", async () => {
    const { judge, scorer } = rubricScorer(() => '{"grade": 3}', { samples: 2 }, 5);
    await runScorer(scorer, scoreInput("x"));
    expect(judge.requests).toHaveLength(2);
  });

  it("rejects a scale whose max is not above its min at creation", () => {
    let thrown: unknown;
    try {
      createLlmRubricScorer(judgeConfig("llm-rubric", { rubric: "r", scale: { min: 3, max: 3 } }), factoryOptions("r", { location: { file: "tuneops.yaml", field: "evals.qa.scorers.0" } }));
    } catch (error) {
      thrown = error;
    }
    expect(isTuneopsError(thrown) && thrown.code).toBe("config_invalid");
    expect(isTuneopsError(thrown) && thrown.location?.field).toBe("evals.qa.scorers.0.scale");
  });

  it("is built without models (plans need names only) and fails clearly when scoring", async () => {
    const scorer = createLlmRubricScorer(judgeConfig("llm-rubric", { rubric: "r" }), factoryOptions("rubric"));
    const record = await runScorer(scorer, scoreInput("x"));
    expect(record.error?.message).toContain("needs a judge model");
  });
});
