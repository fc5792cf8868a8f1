import { describe, expect, it } from "vitest";
import { isTuneopsError, type TuneopsError } from "../../spec/errors.js";
import { factoryOptions } from "../testing/score-input.js";
import { callJudge, callJudgeSamples, createJudgeSource, judgeSampleCount, sampleSettings, samplingTemperature, verdictMode } from "./judge-call.js";
import { factualityPrompt, rubricPrompt, toolModeSuffix, verdictToolName } from "./judge-prompts.js";
import { factualityFromText, factualityVerdict, rubricFromText, rubricVerdict } from "./judge-verdicts.js";
import { createFakeJudge, judgeModels, userMessage } from "./testing/fake-judge.js";

const rubricValues = { case: "question: Why?", output: "Because.", rubric: "Explains why.", min: "1", max: "5" };

async function rejection(promise: Promise<unknown>): Promise<TuneopsError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isTuneopsError(error)) throw new Error(`expected a TuneopsError, got ${String(error)}`);
  return error;
}

describe("verdictMode", () => {
  it("chooses by capability: JSON Schema, then tools, then text", () => {
    expect(verdictMode({ jsonSchema: true, tools: true })).toBe("json-schema");
    expect(verdictMode({ jsonSchema: false, tools: true })).toBe("tool");
    expect(verdictMode({ jsonSchema: false, tools: false })).toBe("text");
  });
});

describe("callJudge", () => {
  const sample = { temperature: 0 };

  it("forces the verdict with the JSON Schema when the judge supports it", async () => {
    const judge = createFakeJudge({ capabilities: { jsonSchema: true, tools: true }, reply: () => '{"reason": "clear", "grade": 4}' });
    const schema = { type: "object", properties: { grade: { type: "integer", enum: [1, 2, 3, 4, 5] } } };
    const verdict = await callJudge({ judge, scorerName: "rubric", prompt: rubricPrompt, values: rubricValues, verdict: rubricVerdict, schema, sample });
    expect(verdict).toEqual({ reason: "clear", grade: 4 });
    const request = judge.requests[0];
    expect(request?.responseFormat).toEqual({ type: "json", schema, name: "rubric_1" });
    expect(request?.tools).toBeUndefined();
    expect(request?.temperature).toBe(0);
    expect(request?.prompt.kind === "chat" ? request.prompt.messages.map((message) => message.role) : []).toEqual(["system", "user"]);
    expect(userMessage(request!)).toContain("<answer>\nBecause.\n</answer>");
  });

  it("asks for a single tool whose parameters are the schema, and reads its arguments", async () => {
    const judge = createFakeJudge({
      capabilities: { tools: true },
      reply: () => ({ text: "", finishReason: "tool-calls", toolCalls: [{ id: "call-1", name: verdictToolName, arguments: '{"reason": "partly", "choice": "A"}' }] }),
    });
    const verdict = await callJudge({ judge, scorerName: "factuality", prompt: factualityPrompt, values: { case: "q", reference: "r", output: "o" }, verdict: factualityVerdict, sample });
    expect(verdict).toEqual({ reason: "partly", choice: "A" });
    const request = judge.requests[0];
    expect(request?.responseFormat).toBeUndefined();
    expect(request?.tools).toEqual([{ name: verdictToolName, description: "Give your verdict.", parameters: factualityPrompt.verdictSchema }]);
    expect(userMessage(request!).endsWith(toolModeSuffix)).toBe(true);
  });

  it("reads the text when a tool-capable judge answers without calling the tool", async () => {
    const judge = createFakeJudge({ capabilities: { tools: true }, reply: () => "I pick [[D]] since the dates differ." });
    const verdict = await callJudge({ judge, scorerName: "f", prompt: factualityPrompt, values: { case: "q", reference: "r", output: "o" }, verdict: factualityVerdict, fromText: factualityFromText, sample });
    expect(verdict.choice).toBe("D");
  });

  it("parses a plain-text judge's messy reply, fenced JSON included", async () => {
    const judge = createFakeJudge({ reply: () => 'Sure! Here is my grading.\n```json\n{\n  "Reason": "Covers the cause.",\n  "Grade": "3"\n}\n```\nHope that helps.' });
    const verdict = await callJudge({ judge, scorerName: "rubric", prompt: rubricPrompt, values: rubricValues, verdict: rubricVerdict, fromText: rubricFromText, sample });
    expect(verdict).toEqual({ reason: "Covers the cause.", grade: 3 });
    expect(judge.requests[0]?.responseFormat).toBeUndefined();
    expect(judge.requests[0]?.tools).toBeUndefined();
  });

  it("fails with scorer_failed, the prompt id and a preview of the raw reply when no verdict can be read", async () => {
    const judge = createFakeJudge({ reply: () => ({ text: "The answer is quite good overall, I would say", finishReason: "length" }) });
    const error = await rejection(callJudge({ judge, scorerName: "rubric", prompt: rubricPrompt, values: rubricValues, verdict: rubricVerdict, fromText: rubricFromText, sample }));
    expect(error.code).toBe("scorer_failed");
    expect(error.message).toContain('scorer "rubric"');
    expect(error.message).toContain("rubric@1");
    expect(error.message).toContain("output token limit");
    expect(error.message).toContain('"The answer is quite good overall, I would say"');
  });

  it("fails on a tool call with invalid arguments, quoting them", async () => {
    const judge = createFakeJudge({ capabilities: { tools: true }, reply: () => ({ toolCalls: [{ id: "1", name: verdictToolName, arguments: '{"choice": "Z"}' }] }) });
    const error = await rejection(callJudge({ judge, scorerName: "f", prompt: factualityPrompt, values: { case: "q", reference: "r", output: "o" }, verdict: factualityVerdict, sample }));
    expect(error.message).toMatch(/tool call's verdict is invalid \(choice: .*\{\\"choice\\": \\"Z\\"\}/);
  });
});

describe("samples", () => {
  it("uses temperature 0 and no seed for one sample", () => {
    expect(sampleSettings(1, "case-1")).toEqual([{ temperature: 0 }]);
  });

  it("uses temperature 0.7 and distinct, stable seeds for K samples", () => {
    const settings = sampleSettings(4, "case-1");
    expect(settings.every((setting) => setting.temperature === samplingTemperature)).toBe(true);
    expect(new Set(settings.map((setting) => setting.seed)).size).toBe(4);
    expect(sampleSettings(4, "case-1")).toEqual(settings);
    expect(sampleSettings(4, "case-2")[0]?.seed).not.toBe(settings[0]?.seed);
  });

  it("takes the scorer's samples, else --judge-samples, else 1", () => {
    expect(judgeSampleCount(3, 5)).toBe(3);
    expect(judgeSampleCount(undefined, 5)).toBe(5);
    expect(judgeSampleCount(undefined, undefined)).toBe(1);
  });

  it("passes seeds only to judges that support them", async () => {
    const seeded = createFakeJudge({ capabilities: { seed: true }, reply: () => '{"grade": 2}' });
    const unseeded = createFakeJudge({ reply: () => '{"grade": 2}' });
    for (const judge of [seeded, unseeded]) {
      await callJudgeSamples({ judge, scorerName: "r", prompt: rubricPrompt, values: rubricValues, verdict: rubricVerdict, samples: sampleSettings(3, "c") });
    }
    expect(seeded.requests.map((request) => request.seed)).toEqual(sampleSettings(3, "c").map((setting) => setting.seed));
    expect(unseeded.requests.map((request) => request.seed)).toEqual([undefined, undefined, undefined]);
    expect(unseeded.requests.map((request) => request.temperature)).toEqual([0.7, 0.7, 0.7]);
  });
});

describe("createJudgeSource", () => {
  it("resolves the judge by provider name once", async () => {
    const judge = createFakeJudge({ reply: () => "" });
    const resolved: string[] = [];
    const source = createJudgeSource({ type: "llm-rubric", provider: "grader", samples: 2 }, factoryOptions("rubric", { models: judgeModels(judge, resolved) }));
    expect(source.samples).toBe(2);
    expect(await source.judge()).toBe(judge);
    await source.judge();
    expect(resolved).toEqual(["grader"]);
  });

  it("fails clearly without models", async () => {
    const source = createJudgeSource({ type: "llm-rubric", provider: "grader" }, factoryOptions("rubric"));
    const error = await rejection(source.judge());
    expect(error.code).toBe("scorer_failed");
    expect(error.message).toBe('scorer "rubric": llm-rubric needs a judge model (provider "grader"), but no models were given to the scorers');
    expect(error.hint).toContain("tuneops eval");
  });
});
