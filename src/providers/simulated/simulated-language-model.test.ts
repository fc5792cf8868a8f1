import { afterEach, describe, expect, it, vi } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import type { GenerateRequest, LanguageModelV1, StreamPart } from "../../spec/language-model.js";
import { describeLanguageModelConformance } from "../provider.conformance.js";
import { createSimulatedModel, type SimulatedModelOptions } from "./simulated-language-model.js";

const base: SimulatedModelOptions = {
  model: "sim-1",
  latencyMs: 4,
  jitterMs: 2,
  outputTokens: 8,
  response: "echo",
  errorRate: 0,
  seed: 7,
};

function caseRequest(id: string, vars: Record<string, unknown> = {}): GenerateRequest {
  return { prompt: { kind: "text", text: "You route messages.\nMy card has not arrived yet" }, case: { id, vars } };
}

function streamOf(model: LanguageModelV1, request: GenerateRequest): AsyncIterable<StreamPart> {
  if (!model.stream) throw new Error("the simulated model streams");
  return model.stream(request);
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
}

describeLanguageModelConformance({
  name: "simulated",
  create: async () => createSimulatedModel({ ...base, response: "expected" }),
  request: () => caseRequest("c1", { expected: "card_arrival" }),
  deterministic: true,
});

afterEach(() => {
  vi.useRealTimers();
});

describe("createSimulatedModel", () => {
  it("echoes the prompt's last line with estimated input usage and configured output usage", async () => {
    const model = createSimulatedModel(base);
    const result = await model.generate(caseRequest("c1"));
    expect(result.text).toBe("My card has not arrived yet");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({ inputTokens: Math.ceil("You route messages.\nMy card has not arrived yet".length / 4), outputTokens: 8, breakdown: {} });
    expect(model.capabilities.simulated).toBe(true);
  });

  it("echoes the last user message of a chat prompt", async () => {
    const model = createSimulatedModel(base);
    const result = await model.generate({
      prompt: { kind: "chat", messages: [{ role: "system", content: "Labels: a, b" }, { role: "user", content: "Hello\nWhere is my card?\n" }, { role: "assistant", content: "x" }] },
    });
    expect(result.text).toBe("Where is my card?");
  });

  it("answers with __expected before the row's expected field, or with fixed text", async () => {
    const expected = createSimulatedModel({ ...base, response: "expected" });
    expect((await expected.generate(caseRequest("c1", { expected: "row", __expected: "reference" }))).text).toBe("reference");
    expect((await expected.generate(caseRequest("c2", { expected: "row" }))).text).toBe("row");
    const fixed = createSimulatedModel({ ...base, response: "I cannot help with that." });
    expect((await fixed.generate(caseRequest("c3"))).text).toBe("I cannot help with that.");
  });

  it("rejects `expected` when the case has no reference", async () => {
    const model = createSimulatedModel({ ...base, response: "expected" });
    const error = await rejectionOf(model.generate(caseRequest("c9", { question: "q" })));
    expect(isTuneopsError(error) && error.code).toBe("input_invalid");
    expect(error instanceof Error && error.message).toContain("c9");
  });

  it("streams exactly outputTokens deltas that add up to the generated text", async () => {
    const model = createSimulatedModel({ ...base, outputTokens: 5, response: "The card arrives in 3 business days." });
    const parts = await collect(streamOf(model, caseRequest("c1")));
    const deltas = parts.filter((part) => part.type === "text-delta");
    expect(deltas).toHaveLength(5);
    expect(deltas.map((part) => (part.type === "text-delta" ? part.text : "")).join("")).toBe("The card arrives in 3 business days.");
    const finish = parts.at(-1);
    expect(finish?.type === "finish" && finish.usage.outputTokens).toBe(5);
  });

  it("stops at maxOutputTokens with finish reason length", async () => {
    const model = createSimulatedModel({ ...base, outputTokens: 4, response: "abcdefgh" });
    const result = await model.generate({ ...caseRequest("c1"), maxOutputTokens: 2 });
    expect(result).toMatchObject({ text: "abcd", finishReason: "length", usage: { outputTokens: 2 } });
  });

  it("gives each case its own jitter, the same on every model with the same seed", async () => {
    const options = { ...base, latencyMs: 1, jitterMs: 3 };
    const first = createSimulatedModel(options);
    const second = createSimulatedModel(options);
    const latencies = new Set<number>();
    for (const id of ["a", "b", "c", "d"]) {
      const one = await first.generate(caseRequest(id));
      const two = await second.generate(caseRequest(id));
      expect(one.timing?.latencyMs).toBe(two.timing?.latencyMs);
      const latencyMs = one.timing?.latencyMs ?? -1;
      expect(latencyMs).toBeGreaterThanOrEqual(1);
      expect(latencyMs).toBeLessThanOrEqual(4);
      expect(one.timing?.timeToFirstTokenMs).toBeCloseTo(latencyMs / 10);
      latencies.add(latencyMs);
    }
    expect(latencies.size).toBeGreaterThan(1);
  });

  it("fails the same calls at error_rate with a retryable 503, and a retry can succeed", async () => {
    const options = { ...base, latencyMs: 0, jitterMs: 0, errorRate: 0.3 };
    const failingIds = async (): Promise<string[]> => {
      const model = createSimulatedModel(options);
      const failed: string[] = [];
      for (let index = 0; index < 300; index++) {
        const error = await rejectionOf(model.generate(caseRequest(`case-${index}`)));
        if (error === undefined) continue;
        expect(isTuneopsError(error)).toBe(true);
        if (isTuneopsError(error)) expect([error.code, error.isRetryable, error.statusCode]).toEqual(["provider_unavailable", true, 503]);
        failed.push(`case-${index}`);
      }
      return failed;
    };
    const first = await failingIds();
    expect(await failingIds()).toEqual(first);
    expect(first.length).toBeGreaterThan(60);
    expect(first.length).toBeLessThan(120);

    const model = createSimulatedModel(options);
    const id = first[0] ?? "";
    let attempts = 1;
    while ((await rejectionOf(model.generate(caseRequest(id)))) !== undefined) attempts++;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(30);
  });

  it("fails a stream before its first delta", async () => {
    const model = createSimulatedModel({ ...base, errorRate: 1 });
    const parts: StreamPart[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const part of streamOf(model, caseRequest("c1"))) parts.push(part);
      })(),
    );
    expect(isTuneopsError(error) && error.code).toBe("provider_unavailable");
    expect(parts).toHaveLength(0);
  });

  it("waits for the time to first token and then the rest of the latency", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const model = createSimulatedModel({ ...base, latencyMs: 1_000, ttftMs: 200, jitterMs: 0, outputTokens: 3, response: "abc" });
    const seen: string[] = [];
    const done = (async () => {
      for await (const part of streamOf(model, caseRequest("c1"))) seen.push(part.type === "text-delta" ? part.text : part.type);
    })();
    await vi.advanceTimersByTimeAsync(199);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(400);
    expect(seen).toEqual(["a", "b"]);
    await vi.advanceTimersByTimeAsync(399);
    expect(seen).toEqual(["a", "b"]);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(seen).toEqual(["a", "b", "c", "finish"]);

    let settled = false;
    const generated = model.generate(caseRequest("c2")).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await generated;
    expect(settled).toBe(true);
  });

  it("honours an abort during its waits, in generate and in stream", async () => {
    const model = createSimulatedModel({ ...base, latencyMs: 600_000, jitterMs: 0 });
    const controller = new AbortController();
    const generated = rejectionOf(model.generate({ ...caseRequest("c1"), abortSignal: controller.signal }));
    const streamed = rejectionOf(collect(streamOf(model, { ...caseRequest("c2"), abortSignal: controller.signal })));
    setTimeout(() => controller.abort(), 5);
    for (const error of [await generated, await streamed]) {
      expect(isTuneopsError(error) && error.code).toBe("aborted");
    }
  });

  it("warns about settings it cannot honour", async () => {
    const model = createSimulatedModel(base);
    const result = await model.generate({ ...caseRequest("c1"), responseFormat: { type: "json" }, tools: [{ name: "lookup", parameters: {} }] });
    expect(result.warnings?.map((warning) => warning.setting)).toEqual(["tools", "responseFormat"]);
  });
});
