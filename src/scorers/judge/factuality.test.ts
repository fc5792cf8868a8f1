import { describe, expect, it } from "vitest";
import { runScorer } from "../run-scorer.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createFactualityScorer, factualityScores } from "./factuality.js";
import { createFakeJudge, judgeConfig, judgeModels, userMessage, type FakeReply } from "./testing/fake-judge.js";

function factualityScorer(reply: (index: number) => FakeReply, fields: Record<string, unknown> = {}, judgeSamples?: number) {
  const judge = createFakeJudge({ capabilities: { tools: true }, reply: (_request, index) => reply(index) });
  const options = factoryOptions("facts", { models: judgeModels(judge), ...(judgeSamples === undefined ? {} : { judgeSamples }) });
  return { judge, scorer: createFactualityScorer(judgeConfig("factuality", fields), options) };
}

describe("factuality", () => {
  it("scores only a disagreement (D) as 0", () => {
    expect(factualityScores).toEqual({ A: 1, B: 1, C: 1, D: 0, E: 1 });
  });

  it("labels the output with the category and shows the reference apart from the case", async () => {
    const { judge, scorer } = factualityScorer(() => "The submission adds the year.\n[[B]]");
    const record = await runScorer(scorer, scoreInput("Paris, since 987.", "Paris", { question: "Capital of France?", answer: "Paris" }));
    expect(record).toMatchObject({ score: 1, pass: true, label: "B" });
    expect(record.reason).toMatch(/^B \(superset of the reference, consistent\): .*\[factuality@1\]$/);
    const text = userMessage(judge.requests[0]!);
    expect(text).toContain("Case:\nquestion: Capital of France?\n\nReference");
    expect(text).toContain("<reference>\nParis\n</reference>");
    expect(text).not.toContain("answer: Paris");
  });

  it("fails a disagreement", async () => {
    const { scorer } = factualityScorer(() => ({ toolCalls: [{ id: "1", name: "submit_verdict", arguments: '{"reason": "Wrong city.", "choice": "D"}' }] }));
    expect(await runScorer(scorer, scoreInput("Lyon", "Paris"))).toMatchObject({ score: 0, pass: false, label: "D", reason: "D (disagrees with the reference): Wrong city. [factuality@1]" });
  });

  it("lists several references as alternatives and renders a value template", async () => {
    const { judge, scorer } = factualityScorer(() => '{"reason": "same", "choice": "C"}', { value: "{{ answers }}" });
    await runScorer(scorer, scoreInput("NYC", undefined, { answers: ["New York", "NYC"] }));
    expect(userMessage(judge.requests[0]!)).toContain("Any of these is correct:\n- New York\n- NYC");
  });

  it("fails a case without a reference", async () => {
    const { scorer } = factualityScorer(() => '{"choice": "C"}');
    expect((await runScorer(scorer, scoreInput("x"))).error?.message).toContain("no expected value");
  });

  it("takes the majority of K samples, a tie going to the lower score", async () => {
    const majority = factualityScorer((index) => `{"reason": "s${index}", "choice": "${["C", "D", "C"][index]}"}`, { samples: 3 });
    expect(await runScorer(majority.scorer, scoreInput("x", "y"))).toMatchObject({ score: 1, label: "C", samples: [1, 0, 1] });
    const split = factualityScorer((index) => `{"reason": "s${index}", "choice": "${["C", "D"][index]}"}`, {}, 2);
    const record = await runScorer(split.scorer, scoreInput("x", "y"));
    expect(record).toMatchObject({ score: 0, label: "D", samples: [1, 0] });
    expect(record.reason).toContain("s1");
  });
});
