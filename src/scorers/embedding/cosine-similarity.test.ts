import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import type { EmbeddingModelV1 } from "../../spec/language-model.js";
import type { ScorerModels } from "../../spec/scorer.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { cosineSimilarity, createCosineSimilarityScorer, defaultCosineThreshold, referenceCacheSize } from "./cosine-similarity.js";

describe("cosineSimilarity", () => {
  it("computes the cosine of known vectors", () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(cosineSimilarity([1, 0], [-1, 0])).toBe(-1);
    // (1*1 + 1*0) / (sqrt(2) * 1) = 1 / sqrt(2).
    expect(cosineSimilarity([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(cosineSimilarity(new Float32Array([3, 4]), [4, 3])).toBeCloseTo(24 / 25, 7);
  });

  it("is 0 for a zero vector and throws on different lengths", () => {
    expect(cosineSimilarity([0, 0], [1, 2])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
  });

  it("lies in [-1, 1], is symmetric and ignores scale", () => {
    // Components on a 0.001 grid: embeddings never come near the subnormal range, where scaling loses digits.
    const vector = fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }).map((value) => value / 1000), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(vector, vector, fc.double({ min: 0.01, max: 100, noNaN: true }), (a, b, scale) => {
        const value = cosineSimilarity(a, b);
        expect(value >= -1 && value <= 1).toBe(true);
        expect(cosineSimilarity(b, a)).toBeCloseTo(value, 12);
        expect(cosineSimilarity(a.map((x) => x * scale), b)).toBeCloseTo(value, 9);
      }),
    );
  });
});

/** A fake embedder: a fixed table of vectors, counting calls and texts embedded. */
function fakeEmbedder(table: Record<string, number[]>) {
  const calls: string[][] = [];
  const model: EmbeddingModelV1 = {
    specificationVersion: "v1",
    provider: "fake",
    modelId: "fake-embed",
    async embed({ values }) {
      calls.push(values);
      await Promise.resolve();
      return {
        embeddings: values.map((value) => {
          const vector = table[value];
          if (!vector) throw new Error(`no vector for ${value}`);
          return vector;
        }),
        usage: { inputTokens: values.length, outputTokens: 0, breakdown: {} },
      };
    },
  };
  return { model, calls };
}

function models(embedder: EmbeddingModelV1, opened: string[] = []): ScorerModels {
  return {
    embedder: async (name) => {
      opened.push(name);
      return embedder;
    },
    judge: () => Promise.reject(new Error("no judge in this test")),
    moderator: () => Promise.reject(new Error("no moderator in this test")),
  };
}

function scorer(scorerModels: ScorerModels | undefined, overrides: Partial<ScorerConfigOf<"cosine-similarity">> = {}) {
  return createCosineSimilarityScorer(
    { type: "cosine-similarity", provider: "embed", weight: 1, ...overrides },
    factoryOptions("semantic", scorerModels ? { models: scorerModels } : {}),
  );
}

const table: Record<string, number[]> = {
  "refunds within 30 days": [1, 0, 0],
  "the refund window is 30 days": [0.9, Math.sqrt(1 - 0.81), 0],
  "we are in Lisbon": [0, 0, 1],
  opposite: [-1, 0, 0],
  "sideways": [0, 1, 0],
};

describe("createCosineSimilarityScorer", () => {
  it("scores the cosine between the output's and the reference's embeddings, with a 0.8 default threshold", async () => {
    const { model } = fakeEmbedder(table);
    const opened: string[] = [];
    const semantic = scorer(models(model, opened));
    expect(semantic.threshold).toBe(defaultCosineThreshold);
    const outcome = await semantic.score(scoreInput("the refund window is 30 days", "refunds within 30 days"));
    expect(outcome.score).toBeCloseTo(0.9, 12);
    expect(outcome.reason).toBe("cosine similarity 0.900 to the reference");
    expect(opened).toEqual(["embed"]);
  });

  it("takes the best of several references", async () => {
    const { model } = fakeEmbedder(table);
    const outcome = await scorer(models(model)).score(scoreInput("refunds within 30 days", ["we are in Lisbon", "the refund window is 30 days"]));
    expect(outcome.score).toBeCloseTo(0.9, 12);
    expect(outcome.reason).toContain('"the refund window is 30 days"');
  });

  it("counts negative similarity as 0", async () => {
    const { model } = fakeEmbedder(table);
    const outcome = await scorer(models(model)).score(scoreInput("opposite", "refunds within 30 days"));
    expect(outcome.score).toBe(0);
    expect(outcome.reason).toContain("-1.000");
    expect(outcome.reason).toContain("negative counts as 0");
  });

  it("embeds each distinct reference once and sends the output with new references in one call", async () => {
    const { model, calls } = fakeEmbedder(table);
    const semantic = scorer(models(model));
    await semantic.score(scoreInput("sideways", "refunds within 30 days"));
    await semantic.score(scoreInput("we are in Lisbon", "refunds within 30 days"));
    await Promise.all([semantic.score(scoreInput("opposite", "sideways")), semantic.score(scoreInput("refunds within 30 days", "sideways"))]);
    expect(calls).toEqual([["sideways", "refunds within 30 days"], ["we are in Lisbon"], ["opposite", "sideways"], ["refunds within 30 days"]]);
  });

  it("uses a literal value template as the reference", async () => {
    const { model } = fakeEmbedder(table);
    const outcome = await scorer(models(model), { value: "refunds within 30 days", threshold: 0.5 }).score(scoreInput("the refund window is 30 days"));
    expect(outcome.score).toBeCloseTo(0.9, 12);
  });

  it("fails clearly without scorer models, and with a failing or inconsistent embedder", async () => {
    const missing = await Promise.resolve(scorer(undefined).score(scoreInput("x", "y"))).catch((error: unknown) => error);
    expect(isTuneopsError(missing) && missing.code === "scorer_failed").toBe(true);
    expect(String((missing as Error).message)).toContain('embedding provider "embed"');

    const { model } = fakeEmbedder({ ...table, short: [1, 0] });
    const mismatch = await Promise.resolve(scorer(models(model)).score(scoreInput("short", "sideways"))).catch((error: unknown) => error);
    expect(String((mismatch as Error).message)).toContain("dimensions");

    const broken = scorer({ ...models(model), embedder: () => Promise.reject(new Error("provider type cannot embed")) });
    const error = await Promise.resolve(broken.score(scoreInput("x", "y"))).catch((thrown: unknown) => thrown);
    expect(isTuneopsError(error) && error.code === "scorer_failed" && error.message.includes("provider type cannot embed")).toBe(true);
  });

  it("does not cache a reference whose embedding call failed", async () => {
    const { model, calls } = fakeEmbedder(table);
    const semantic = scorer(models(model));
    await expect(Promise.resolve(semantic.score(scoreInput("unknown output", "sideways")))).rejects.toThrow("no vector");
    await semantic.score(scoreInput("sideways", "sideways"));
    expect(calls).toEqual([["unknown output", "sideways"], ["sideways", "sideways"]]);
  });

  it("keeps at most referenceCacheSize reference embeddings, dropping the least recently used", async () => {
    const calls: number[] = [];
    const model: EmbeddingModelV1 = {
      specificationVersion: "v1",
      provider: "fake",
      modelId: "index",
      async embed({ values }) {
        calls.push(values.length);
        return { embeddings: values.map((value) => [1, Number(value.replace(/\D/g, "") || "0") + 1]), usage: { inputTokens: 0, outputTokens: 0, breakdown: {} } };
      },
    };
    const semantic = scorer(models(model));
    for (let index = 0; index < referenceCacheSize; index += 1) await semantic.score(scoreInput("out", `ref ${index}`));
    await semantic.score(scoreInput("out", "ref 0")); // a hit: ref 0 becomes the most recently used
    await semantic.score(scoreInput("out", `ref ${referenceCacheSize}`)); // evicts ref 1
    calls.length = 0;
    await semantic.score(scoreInput("out", "ref 0"));
    await semantic.score(scoreInput("out", "ref 1"));
    expect(calls).toEqual([1, 2]);
  });
});
