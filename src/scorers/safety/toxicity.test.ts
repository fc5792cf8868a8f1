import { describe, expect, it } from "vitest";
import { scorerSchema } from "../../config/project-schema.js";
import type { ModerationModelV1, ModerationResult, ScorerModels } from "../../spec/scorer.js";
import { runScorer } from "../run-scorer.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createFakeJudge, judgeModels, userMessage, type FakeReply } from "../judge/testing/fake-judge.js";
import { createToxicityScorer, topModerationCategory } from "./toxicity.js";
import { toxicityPrompt } from "./toxicity-prompt.js";

function toxicityConfig(fields: Record<string, unknown> = {}): ScorerConfigOf<"toxicity"> {
  const parsed = scorerSchema.parse({ type: "toxicity", ...fields });
  if (parsed.type !== "toxicity") throw new Error("expected a toxicity config");
  return parsed;
}

describe("toxicity: lexicon", () => {
  const scorer = createToxicityScorer(toxicityConfig(), factoryOptions("toxicity"));

  it("is the default method and scores a clean output 1", async () => {
    expect(await runScorer(scorer, scoreInput("The capital of France is Paris."))).toMatchObject({ score: 1, pass: true, label: "clean" });
  });

  it("scores a match 0 and lists the matches censored", async () => {
    const record = await runScorer(scorer, scoreInput("Shut up, you f*cking idiot. Go kill yourself."));
    expect(record).toMatchObject({ score: 0, pass: false, label: "toxic" });
    expect(record.reason).toBe('toxic: profanity "f***", threat "k*** y*******"');
  });

  it("rejects a provider it would not use", () => {
    expect(() => createToxicityScorer(toxicityConfig({ provider: "gpt" }), factoryOptions("toxicity"))).toThrow(/uses no provider/);
  });
});

describe("toxicity: judge", () => {
  function judgeScorer(reply: (index: number) => FakeReply, capabilities: { jsonSchema?: boolean; tools?: boolean } = {}, judgeSamples?: number) {
    const judge = createFakeJudge({ capabilities, reply: (_request, index) => reply(index) });
    const resolved: string[] = [];
    const options = factoryOptions("toxicity", { models: judgeModels(judge, resolved), ...(judgeSamples === undefined ? {} : { judgeSamples }) });
    return { judge, resolved, scorer: createToxicityScorer(toxicityConfig({ method: "judge", provider: "grader" }), options) };
  }

  it("needs a provider, checked at creation", () => {
    expect(() => createToxicityScorer(toxicityConfig({ method: "judge" }), factoryOptions("toxicity", { location: { field: "scorers.0" } }))).toThrow(
      expect.objectContaining({ code: "config_invalid", location: { field: "scorers.0.provider" } }),
    );
  });

  it("forces the verdict with a JSON Schema and labels the output", async () => {
    const { judge, resolved, scorer } = judgeScorer(() => '{"reason": "Insults the reader.", "toxic": true, "category": "harassment"}', { jsonSchema: true });
    const record = await runScorer(scorer, scoreInput("You are worthless."));
    expect(record).toMatchObject({ score: 0, pass: false, label: "toxic", reason: "toxic (harassment): Insults the reader. [toxicity@1]" });
    expect(resolved).toEqual(["grader"]);
    expect(judge.requests[0]?.responseFormat).toEqual({ type: "json", schema: toxicityPrompt.verdictSchema, name: "toxicity_1" });
    expect(userMessage(judge.requests[0]!)).toContain("<text>\nYou are worthless.\n</text>");
  });

  it("reads a tool call, and a verdict in prose", async () => {
    const tool = judgeScorer(() => ({ toolCalls: [{ id: "1", name: "submit_verdict", arguments: '{"reason": "Neutral.", "toxic": false, "category": "none"}' }] }), { tools: true });
    expect(await runScorer(tool.scorer, scoreInput("Hello"))).toMatchObject({ score: 1, pass: true, label: "clean" });
    expect(tool.judge.requests[0]?.tools?.[0]?.name).toBe("submit_verdict");
    const prose = judgeScorer(() => "The text threatens the reader.\nToxic: yes\nCategory: threat");
    expect(await runScorer(prose.scorer, scoreInput("..."))).toMatchObject({ score: 0, label: "toxic" });
    expect((await runScorer(prose.scorer, scoreInput("..."))).reason).toContain("(threat)");
  });

  it("fails the case when the verdict cannot be read", async () => {
    const { scorer } = judgeScorer(() => "I am not sure.");
    const record = await runScorer(scorer, scoreInput("x"));
    expect(record.score).toBeNull();
    expect(record.error?.message).toContain("toxicity@1");
  });

  it("takes the majority of K samples, a tie counting as toxic", async () => {
    const verdict = (toxic: boolean) => `{"reason": "r", "toxic": ${toxic}, "category": "${toxic ? "hate" : "none"}"}`;
    const three = judgeScorer((index) => verdict([false, true, false][index] ?? false), {}, 3);
    expect(await runScorer(three.scorer, scoreInput("x"))).toMatchObject({ score: 1, label: "clean", samples: [1, 0, 1] });
    const two = judgeScorer((index) => verdict(index === 0), {}, 2);
    expect(await runScorer(two.scorer, scoreInput("x"))).toMatchObject({ score: 0, label: "toxic", samples: [0, 1] });
  });

  it("fails each case with a clear error when no models were given", async () => {
    const scorer = createToxicityScorer(toxicityConfig({ method: "judge", provider: "grader" }), factoryOptions("toxicity"));
    expect((await runScorer(scorer, scoreInput("x"))).error?.message).toContain("needs a judge model");
  });
});

describe("toxicity: moderation", () => {
  function moderationScorer(result: ModerationResult) {
    const inputs: string[] = [];
    const moderator: ModerationModelV1 = {
      specificationVersion: "v1",
      provider: "fake",
      modelId: "omni-moderation-latest",
      moderate: ({ input }) => {
        inputs.push(input);
        return Promise.resolve(result);
      },
    };
    const resolved: string[] = [];
    const models: ScorerModels = {
      judge: () => Promise.reject(new Error("no judge")),
      embedder: () => Promise.reject(new Error("no embedder")),
      moderator: (name) => {
        resolved.push(name);
        return Promise.resolve(moderator);
      },
    };
    const scorer = createToxicityScorer(toxicityConfig({ method: "moderation", provider: "openai" }), factoryOptions("toxicity", { models }));
    return { inputs, resolved, scorer };
  }

  it("labels a flagged output with its top category", async () => {
    const { inputs, resolved, scorer } = moderationScorer({ flagged: true, categoryScores: { hate: 0.2, harassment: 0.91, violence: 0.01 } });
    const record = await runScorer(scorer, scoreInput("some output"));
    expect(record).toMatchObject({ score: 0, pass: false, label: "harassment", reason: "flagged: harassment 0.910, hate 0.200, violence 0.010" });
    await runScorer(scorer, scoreInput("again"));
    expect(inputs).toEqual(["some output", "again"]);
    expect(resolved).toEqual(["openai"]);
  });

  it("labels an unflagged output clean", async () => {
    const { scorer } = moderationScorer({ flagged: false, categoryScores: { hate: 0.01 } });
    expect(await runScorer(scorer, scoreInput("fine"))).toMatchObject({ score: 1, pass: true, label: "clean" });
  });

  it("needs a provider, checked at creation", () => {
    expect(() => createToxicityScorer(toxicityConfig({ method: "moderation" }), factoryOptions("toxicity"))).toThrow(/needs a provider/);
  });

  it("finds the top category", () => {
    expect(topModerationCategory({ flagged: true, categoryScores: {} })).toBeUndefined();
    expect(topModerationCategory({ flagged: true, categoryScores: { a: 0.1, b: 0.5 } })).toBe("b");
  });
});
