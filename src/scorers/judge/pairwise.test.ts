import { describe, expect, it } from "vitest";
import type { GenerateRequest, LanguageModelCapabilities } from "../../spec/language-model.js";
import { runScorer } from "../run-scorer.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { sampleSettings } from "./judge-call.js";
import { combineOrders, createPairwiseScorer } from "./pairwise.js";
import { createFakeJudge, judgeConfig, judgeModels, userMessage } from "./testing/fake-judge.js";

/** The text the judge was shown as answer A. */
function answerA(request: GenerateRequest): string {
  return /<answer_a>\n([\s\S]*?)\n<\/answer_a>/.exec(userMessage(request))?.[1] ?? "";
}

/** A pairwise scorer whose judge answers with the winner `choose` picks for each request. */
function pairwiseScorer(choose: (request: GenerateRequest) => string, fields: Record<string, unknown> = {}, capabilities: Partial<LanguageModelCapabilities> = {}) {
  const judge = createFakeJudge({ capabilities: { jsonSchema: true, ...capabilities }, reply: (request) => `{"reason": "because", "winner": "${choose(request)}"}` });
  return { judge, scorer: createPairwiseScorer(judgeConfig("pairwise", fields), factoryOptions("preference", { models: judgeModels(judge) })) };
}

const prefers = (text: string) => (request: GenerateRequest) => (answerA(request) === text ? "A" : "B");

describe("combineOrders", () => {
  it("keeps agreeing verdicts and turns disagreement into a tie", () => {
    expect(combineOrders("win", "win").outcome).toBe("win");
    expect(combineOrders("loss", "loss").outcome).toBe("loss");
    expect(combineOrders("tie", "tie").outcome).toBe("tie");
    expect(combineOrders("win", "loss")).toEqual({ outcome: "tie", description: "the orders disagree (output shown first: the output won; reference shown first: the reference won), counted as a tie" });
    expect(combineOrders("win", "tie").outcome).toBe("tie");
  });
});

describe("pairwise", () => {
  it("judges both orders and scores a consistent win 1", async () => {
    const { judge, scorer } = pairwiseScorer(prefers("good answer"));
    expect(scorer.threshold).toBe(0.5);
    const record = await runScorer(scorer, scoreInput("good answer", "reference answer", { question: "Q?", expected: "reference answer" }));
    expect(record).toMatchObject({ score: 1, pass: true, label: "win", reason: "win: the output won in both orders; because [pairwise@1]" });
    expect(judge.requests.map(answerA)).toEqual(["good answer", "reference answer"]);
    for (const request of judge.requests) expect(userMessage(request)).toContain("Case:\nquestion: Q?\n\nAnswer A:");
  });

  it("scores a consistent loss 0", async () => {
    const { scorer } = pairwiseScorer(prefers("reference answer"));
    expect(await runScorer(scorer, scoreInput("weak", "reference answer"))).toMatchObject({ score: 0, pass: false, label: "loss" });
  });

  it("turns a judge that always picks the first position into a tie", async () => {
    const { scorer } = pairwiseScorer(() => "A");
    const record = await runScorer(scorer, scoreInput("one", "two"));
    expect(record).toMatchObject({ score: 0.5, pass: true, label: "tie" });
    expect(record.reason).toContain("output shown first: the output won; reference shown first: the reference won");
  });

  it("averages K samples, each judged in both orders", async () => {
    const seeds = sampleSettings(3, "case-1").map((setting) => setting.seed);
    // Samples 1 and 2 prefer the output in both orders; sample 3 prefers the reference in both.
    const { judge, scorer } = pairwiseScorer((request) => prefers(seeds.indexOf(request.seed) < 2 ? "out" : "ref")(request), { samples: 3 }, { seed: true });
    const record = await runScorer(scorer, scoreInput("out", "ref"));
    expect(judge.requests).toHaveLength(6);
    expect(record).toMatchObject({ samples: [1, 1, 0], label: "win" });
    expect(record.score).toBeCloseTo(2 / 3, 12);
    expect(record.reason).toContain("(K=3 samples: 1, 1, 0)");
  });

  it("labels an even split between win and loss a tie", async () => {
    const seeds = sampleSettings(2, "case-1").map((setting) => setting.seed);
    const { scorer } = pairwiseScorer((request) => prefers(seeds.indexOf(request.seed) === 0 ? "out" : "ref")(request), { samples: 2 }, { seed: true });
    expect(await runScorer(scorer, scoreInput("out", "ref"))).toMatchObject({ score: 0.5, label: "tie", samples: [1, 0] });
  });
});
