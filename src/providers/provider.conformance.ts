import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../spec/errors.js";
import type { Usage } from "../spec/usage.js";
import type { GenerateRequest, LanguageModelV1, StreamPart } from "../spec/language-model.js";

/**
 * The one conformance suite every language-model adapter passes. Each adapter's test file calls
 * `describeLanguageModelConformance` with a factory for a ready model and a request it can answer.
 */
export interface LanguageModelConformanceOptions {
  name: string;
  /** A fresh model, prepared (trained/loaded) and ready to answer `request()`. */
  create: () => Promise<LanguageModelV1>;
  /** A request this model can answer (with `case` for data-driven providers). */
  request: () => GenerateRequest;
  /** The same request gives the same text (greedy decoding, seeded, replayed). */
  deterministic?: boolean;
}

const finishReasons = new Set(["stop", "length", "tool-calls", "content-filter", "error", "other"]);

function expectValidUsage(usage: Usage): void {
  for (const value of [usage.inputTokens, usage.outputTokens]) {
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
  }
  const { cacheReadTokens = 0, cacheWriteTokens = 0, reasoningTokens = 0 } = usage.breakdown;
  // Normalised at the edge: input includes cache reads and writes, output includes reasoning.
  expect(cacheReadTokens + cacheWriteTokens).toBeLessThanOrEqual(usage.inputTokens);
  expect(reasoningTokens).toBeLessThanOrEqual(usage.outputTokens);
}

export function describeLanguageModelConformance(options: LanguageModelConformanceOptions): void {
  describe(`LanguageModelV1 conformance: ${options.name}`, () => {
    it("declares version, identity and a complete capability set", async () => {
      const model = await options.create();
      try {
        expect(model.specificationVersion).toBe("v1");
        expect(model.provider.length).toBeGreaterThan(0);
        expect(model.modelId.length).toBeGreaterThan(0);
        for (const key of ["streaming", "streamingUsage", "chat", "tools", "jsonMode", "jsonSchema", "seed", "logprobs", "local", "simulated", "needsTraining"] as const) {
          expect(typeof model.capabilities[key]).toBe("boolean");
        }
        expect(typeof model.stream === "function").toBe(model.capabilities.streaming);
      } finally {
        await model.close?.();
      }
    });

    it("generates text with a finish reason and normalised usage", async () => {
      const model = await options.create();
      try {
        const result = await model.generate(options.request());
        expect(typeof result.text).toBe("string");
        expect(finishReasons.has(result.finishReason)).toBe(true);
        expectValidUsage(result.usage);
      } finally {
        await model.close?.();
      }
    });

    it("streams deltas ending in exactly one finish part, matching generate when deterministic", async () => {
      const model = await options.create();
      try {
        if (!model.stream) return;
        const parts: StreamPart[] = [];
        for await (const part of model.stream(options.request())) parts.push(part);
        const finishes = parts.filter((part) => part.type === "finish");
        expect(finishes).toHaveLength(1);
        expect(parts.at(-1)?.type).toBe("finish");
        const finish = finishes[0];
        if (finish?.type === "finish") {
          expect(finishReasons.has(finish.finishReason)).toBe(true);
          expectValidUsage(finish.usage);
          if (model.capabilities.streamingUsage) expect(finish.usage.outputTokens).toBeGreaterThan(0);
        }
        if (options.deterministic) {
          const streamed = parts.map((part) => (part.type === "text-delta" ? part.text : "")).join("");
          const generated = await model.generate(options.request());
          expect(streamed).toBe(generated.text);
        }
      } finally {
        await model.close?.();
      }
    });

    it("is deterministic when it says so", async () => {
      if (!options.deterministic) return;
      const model = await options.create();
      try {
        const first = await model.generate(options.request());
        const second = await model.generate(options.request());
        expect(second.text).toBe(first.text);
      } finally {
        await model.close?.();
      }
    });

    it("rejects an aborted call with a typed, non-retryable error", async () => {
      const model = await options.create();
      try {
        const controller = new AbortController();
        controller.abort();
        const error = await model.generate({ ...options.request(), abortSignal: controller.signal }).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(isTuneopsError(error)).toBe(true);
        if (isTuneopsError(error)) {
          expect(error.code).toBe("aborted");
          expect(error.isRetryable).toBe(false);
        }
      } finally {
        await model.close?.();
      }
    });

    it("can be closed twice", async () => {
      const model = await options.create();
      await model.close?.();
      await model.close?.();
    });
  });
}
