import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import type { GenerateRequest } from "../../spec/language-model.js";
import { describeLanguageModelConformance } from "../provider.conformance.js";
import { createReplayModel } from "./replay-language-model.js";

function requestFor(vars: Record<string, unknown>, id = "case-7"): GenerateRequest {
  return { prompt: { kind: "text", text: "How do I reset my PIN?" }, case: { id, vars } };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
}

describeLanguageModelConformance({
  name: "replay",
  create: async () => createReplayModel({ field: "recorded", latencyField: "latency_ms" }),
  request: () => requestFor({ question: "How do I reset my PIN?", recorded: "Go to Card settings > PIN.", latency_ms: 420 }),
  deterministic: true,
});

describe("createReplayModel", () => {
  it("returns the recorded output with zero usage and the recorded latency", async () => {
    const model = createReplayModel({ field: "recorded", latencyField: "latency_ms" });
    const result = await model.generate(requestFor({ recorded: "Your card arrives in 5 days.", latency_ms: "812.5" }));
    expect(result.text).toBe("Your card arrives in 5 days.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0, breakdown: {} });
    expect(result.timing).toEqual({ latencyMs: 812.5 });
  });

  it("reports no timing when the latency field is absent on a row", async () => {
    const model = createReplayModel({ field: "recorded", latencyField: "latency_ms" });
    const result = await model.generate(requestFor({ recorded: "ok" }));
    expect(result.timing).toBeUndefined();
  });

  it("replays non-string recorded values as text", async () => {
    const model = createReplayModel({ field: "recorded" });
    expect((await model.generate(requestFor({ recorded: 42 }))).text).toBe("42");
    expect((await model.generate(requestFor({ recorded: { intent: "card_arrival" } }))).text).toBe('{"intent":"card_arrival"}');
    expect((await model.generate(requestFor({ recorded: "" }))).text).toBe("");
  });

  it("names the field and the case when a row has no recorded output", async () => {
    const model = createReplayModel({ field: "recorded_answer" });
    const error = await rejectionOf(model.generate(requestFor({ question: "q" }, "faq-031")));
    expect(isTuneopsError(error)).toBe(true);
    if (!isTuneopsError(error)) return;
    expect(error.code).toBe("input_invalid");
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain("recorded_answer");
    expect(error.message).toContain("faq-031");
    expect(error.location?.field).toBe("recorded_answer");
  });

  it("rejects a call without a case", async () => {
    const model = createReplayModel({ field: "recorded" });
    const error = await rejectionOf(model.generate({ prompt: { kind: "text", text: "hi" } }));
    expect(isTuneopsError(error) && error.code).toBe("input_invalid");
  });

  it("rejects a malformed recorded latency", async () => {
    const model = createReplayModel({ field: "recorded", latencyField: "latency_ms" });
    const error = await rejectionOf(model.generate(requestFor({ recorded: "ok", latency_ms: "fast" })));
    expect(isTuneopsError(error) && error.code).toBe("input_invalid");
    expect(error instanceof Error && error.message).toContain("latency_ms");
  });

  it("declares itself local and nothing else", () => {
    const { capabilities } = createReplayModel({ field: "recorded" });
    const declared = Object.entries(capabilities).filter(([, value]) => value).map(([key]) => key);
    expect(declared).toEqual(["local"]);
  });
});
