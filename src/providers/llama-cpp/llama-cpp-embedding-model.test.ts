import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTuneopsError, type TuneopsError } from "../../spec/errors.js";
import type { EmbeddingModelV1 } from "../../spec/language-model.js";
import { createLlamaCppEmbeddingModel } from "./llama-cpp-embedding-model.js";
import { writeTinyGguf } from "./testing/tiny-gguf.js";

/**
 * Real embeddings through node-llama-cpp from a tiny random-weight model written by the test. The
 * vectors mean nothing; the test checks their shape, finiteness and same-machine determinism. One
 * thread (CI has 2 cores).
 */

const embeddingWidth = 32;
let directory = "";
let modelPath = "";
let model: EmbeddingModelV1;

async function rejection(promise: Promise<unknown>): Promise<TuneopsError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isTuneopsError(error)) throw new Error(`expected a TuneopsError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tuneops-llama-embed-"));
  modelPath = join(directory, "tiny-embed.gguf");
  await writeTinyGguf(modelPath, { seed: 11, embedding: embeddingWidth, heads: 4, contextLength: 256 });
  model = createLlamaCppEmbeddingModel({ modelPath, threads: 1, contextSize: 64 });
});

afterAll(async () => {
  await model?.close?.();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe("createLlamaCppEmbeddingModel", () => {
  it("is a local embedding model named after the file", () => {
    expect(model).toMatchObject({ specificationVersion: "v1", provider: "llama-cpp", modelId: "tiny-embed" });
  });

  it("returns one finite vector of the model's width per text, with token usage", async () => {
    const result = await model.embed({ values: ["hello team", "the refund window is thirty days"] });
    expect(result.embeddings).toHaveLength(2);
    for (const vector of result.embeddings) {
      expect(vector).toHaveLength(embeddingWidth);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(vector.some((value) => value !== 0)).toBe(true);
    }
    expect(result.embeddings[0]).not.toEqual(result.embeddings[1]);
    expect(result.usage.inputTokens).toBeGreaterThan(2);
    expect(result.usage.outputTokens).toBe(0);
  });

  it("gives the same vector for the same text, alone or in a batch, and under concurrent calls", async () => {
    const [alone, batch, concurrent] = await Promise.all([
      model.embed({ values: ["same text"] }),
      model.embed({ values: ["other", "same text"] }),
      model.embed({ values: ["same text"] }),
    ]);
    expect(batch.embeddings[1]).toEqual(alone.embeddings[0]);
    expect(concurrent.embeddings[0]).toEqual(alone.embeddings[0]);
  });

  it("embeds the empty string as a zero vector of the model's width, and no texts as none", async () => {
    const result = await model.embed({ values: [""] });
    expect(result.embeddings).toEqual([new Array(embeddingWidth).fill(0)]);
    expect(await model.embed({ values: [] })).toEqual({ embeddings: [], usage: { inputTokens: 0, outputTokens: 0, breakdown: {} } });
  });

  it("a text longer than the context is input_invalid", async () => {
    const error = await rejection(model.embed({ values: ["word ".repeat(200)] }));
    expect(error.code).toBe("input_invalid");
    expect(error.message).toContain("context holds 64");
  });

  it("an aborted call is an aborted error", async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await rejection(model.embed({ values: ["x"], abortSignal: controller.signal }))).code).toBe("aborted");
  });

  it("a file that is not GGUF is input_invalid naming the file; bad options are config_invalid", async () => {
    const broken = join(directory, "broken.gguf");
    await writeFile(broken, "not a gguf file at all");
    const bad = createLlamaCppEmbeddingModel({ modelPath: broken });
    const error = await rejection(bad.embed({ values: ["x"] }));
    expect(error.code).toBe("input_invalid");
    expect(error.location?.file).toBe(broken);
    await bad.close?.();
    expect(() => createLlamaCppEmbeddingModel({ modelPath: "" })).toThrow(/modelPath/);
  });

  it("refuses calls after close", async () => {
    const closing = createLlamaCppEmbeddingModel({ modelPath, threads: 1, contextSize: 64 });
    await closing.embed({ values: ["warm up"] });
    await closing.close?.();
    expect((await rejection(closing.embed({ values: ["x"] }))).code).toBe("provider_unavailable");
  });
});
