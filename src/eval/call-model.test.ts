import { describe, expect, it } from "vitest";
import { TuneopsError } from "../spec/errors.js";
import type { GenerateRequest, GenerateResult, LanguageModelV1 } from "../spec/language-model.js";
import { callModel, type CallEnvironment } from "./call-model.js";

const capabilities = { streaming: false, streamingUsage: false, chat: true, tools: false, jsonMode: false, jsonSchema: false, seed: false, logprobs: false, local: true, simulated: false, needsTraining: false };
const ok: GenerateResult = { text: "hi", finishReason: "stop", usage: { inputTokens: 1, outputTokens: 1, breakdown: {} } };

function failing(errors: TuneopsError[]): LanguageModelV1 & { calls: number } {
  const model = {
    specificationVersion: "v1" as const, provider: "test", modelId: "m", capabilities, calls: 0,
    async generate(_request: GenerateRequest): Promise<GenerateResult> {
      const error = errors[model.calls];
      model.calls += 1;
      if (error) throw error;
      return ok;
    },
  };
  return model;
}

function environment(sleeps: number[]): CallEnvironment {
  let clock = 0;
  return { now: () => clock, sleep: async (ms) => { sleeps.push(ms); clock += ms; }, random: () => 0.5, signal: undefined };
}

const request: GenerateRequest = { prompt: { kind: "text", text: "x" } };

describe("callModel", () => {
  it("retries retryable failures with exponential backoff and waits at least what Retry-After asks", async () => {
    const model = failing([
      new TuneopsError({ code: "provider_unavailable", message: "503", isRetryable: true }),
      new TuneopsError({ code: "provider_rate_limited", message: "429", isRetryable: true, retryAfterMs: 3000 }),
    ]);
    const sleeps: number[] = [];
    const outcome = await callModel(model, request, { timeoutMs: 1000, maxRetries: 3, stream: false }, environment(sleeps));
    expect(outcome.text).toBe("hi");
    expect(outcome.attempts).toBe(3);
    expect(sleeps).toEqual([125, 3000]);
  });

  it("gives up after max retries and never retries what cannot succeed", async () => {
    const retryable = () => new TuneopsError({ code: "provider_unavailable", message: "503", isRetryable: true });
    const model = failing([retryable(), retryable(), retryable()]);
    await expect(callModel(model, request, { timeoutMs: 1000, maxRetries: 2, stream: false }, environment([]))).rejects.toMatchObject({ code: "provider_unavailable" });
    expect(model.calls).toBe(3);
    const fatal = failing([new TuneopsError({ code: "provider_auth", message: "401" })]);
    await expect(callModel(fatal, request, { timeoutMs: 1000, maxRetries: 5, stream: false }, environment([]))).rejects.toMatchObject({ code: "provider_auth" });
    expect(fatal.calls).toBe(1);
  });

  it("turns a call that outlives its timeout into a retryable provider_timeout", async () => {
    const hanging: LanguageModelV1 = {
      specificationVersion: "v1", provider: "test", modelId: "m", capabilities,
      generate: (call) =>
        new Promise((_, reject) => call.abortSignal?.addEventListener("abort", () => reject(new TuneopsError({ code: "aborted", message: "aborted" })))),
    };
    const error = await callModel(hanging, request, { timeoutMs: 20, maxRetries: 0, stream: false }, { ...environment([]), now: () => performance.now() }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "provider_timeout", isRetryable: true });
  });
});
