import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isTuneopsError, type TuneopsError } from "../../spec/errors.js";
import type { MockServer } from "../testing/mock-server.js";
import { mockEmbedding, startOpenAiMockServer } from "../testing/openai-mock-server.js";
import { createOpenAiCompatibleEmbeddingModel, type OpenAiCompatibleEmbeddingModelOptions } from "./openai-compatible-embedding-model.js";
import { createOpenAiCompatibleModerationModel } from "./openai-compatible-moderation-model.js";

let server: MockServer;
beforeAll(async () => {
  server = await startOpenAiMockServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setFault(undefined);
  server.setReplay(undefined);
});

async function failure(promise: Promise<unknown>): Promise<TuneopsError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isTuneopsError(error)) throw new Error(`expected a TuneopsError, got ${String(error)}`);
  return error;
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  a.forEach((value, index) => {
    const other = b[index] ?? 0;
    dot += value * other;
    normA += value * value;
    normB += other * other;
  });
  return dot / Math.sqrt(normA * normB);
}

async function withEmbedder<T>(extra: Partial<OpenAiCompatibleEmbeddingModelOptions>, use: (model: ReturnType<typeof createOpenAiCompatibleEmbeddingModel>) => Promise<T>): Promise<T> {
  const model = createOpenAiCompatibleEmbeddingModel({ baseUrl: server.url, model: "text-embedding-3-small", ...extra });
  try {
    return await use(model);
  } finally {
    await model.close();
  }
}

describe("openai-compatible embedding model", () => {
  it("posts the inputs as floats and returns one vector per input, in order, with usage", async () => {
    await withEmbedder({ apiKey: "sk-embed-1", headers: { "x-team": "search" } }, async (model) => {
      expect(model).toMatchObject({ specificationVersion: "v1", provider: "openai-compatible", modelId: "text-embedding-3-small" });
      const texts = ["the refund window is 30 days", "refunds are accepted within 30 days", "our office is in Lisbon"];
      const result = await model.embed({ values: texts });
      expect(server.lastBody).toEqual({ model: "text-embedding-3-small", input: texts, encoding_format: "float" });
      expect(server.lastHeaders?.authorization).toBe("Bearer sk-embed-1");
      expect(server.lastHeaders?.["x-team"]).toBe("search");
      expect(result.embeddings).toEqual(texts.map((text) => mockEmbedding(text)));
      expect(result.usage).toEqual({ inputTokens: 6 + 6 + 5, outputTokens: 0, breakdown: {} });
      const [refund, refunds, office] = result.embeddings as [number[], number[], number[]];
      expect(cosine(refund, refunds)).toBeGreaterThan(cosine(refund, office));
    });
  });

  it("splits large calls into batches and sums their usage", async () => {
    await withEmbedder({ maxBatchSize: 2 }, async (model) => {
      const before = server.requests;
      const texts = ["a b", "c", "d e f", "g", "h"];
      const result = await model.embed({ values: texts });
      expect(server.requests - before).toBe(3);
      expect(result.embeddings).toEqual(texts.map((text) => mockEmbedding(text)));
      expect(result.usage.inputTokens).toBe(8);
    });
  });

  it("makes no call for no values", async () => {
    await withEmbedder({}, async (model) => {
      const before = server.requests;
      expect(await model.embed({ values: [] })).toEqual({ embeddings: [], usage: { inputTokens: 0, outputTokens: 0, breakdown: {} } });
      expect(server.requests).toBe(before);
    });
  });

  it("puts items back in input order by their index", async () => {
    server.setReplay({ body: JSON.stringify({ data: [{ index: 1, embedding: [0, 1] }, { index: 0, embedding: [1, 0] }], usage: { prompt_tokens: 2 } }), times: 1 });
    await withEmbedder({}, async (model) => {
      expect((await model.embed({ values: ["x", "y"] })).embeddings).toEqual([
        [1, 0],
        [0, 1],
      ]);
    });
  });

  it("maps 429 to a retryable rate limit with Retry-After, and 5xx to unavailable", async () => {
    await withEmbedder({}, async (model) => {
      server.setFault({ kind: "rate-limit", retryAfterSeconds: 3, times: 1 });
      const limited = await failure(model.embed({ values: ["x"] }));
      expect(limited).toMatchObject({ code: "provider_rate_limited", isRetryable: true, retryAfterMs: 3000, statusCode: 429 });
      expect(limited.message).toContain("/v1/embeddings");
      server.setFault({ kind: "server-error", status: 503, times: 1 });
      expect(await failure(model.embed({ values: ["x"] }))).toMatchObject({ code: "provider_unavailable", isRetryable: true, statusCode: 503 });
    });
  });

  it("maps 401 to an auth error naming the variable, and never leaks the key", async () => {
    await withEmbedder({ apiKey: "sk-secret-key-42", apiKeyEnv: "EMBED_KEY" }, async (model) => {
      server.setFault({ kind: "auth-error", times: 1 });
      const error = await failure(model.embed({ values: ["x"] }));
      expect(error).toMatchObject({ code: "provider_auth", isRetryable: false });
      expect(error.hint).toContain("EMBED_KEY");
      expect(error.message).not.toContain("sk-secret-key-42");
    });
  });

  it("malformed JSON and wrong shapes are retryable bad responses", async () => {
    await withEmbedder({}, async (model) => {
      server.setFault({ kind: "malformed-json", times: 1 });
      expect(await failure(model.embed({ values: ["x"] }))).toMatchObject({ code: "provider_bad_response", isRetryable: true });
      server.setReplay({ body: JSON.stringify({ data: [{ index: 0, embedding: "AAAA" }] }), times: 1 });
      expect((await failure(model.embed({ values: ["x"] }))).message).toContain("data.0.embedding");
      server.setReplay({ body: JSON.stringify({ data: [{ index: 0, embedding: [1, 2] }] }), times: 1 });
      expect((await failure(model.embed({ values: ["x", "y"] }))).message).toContain("2 inputs sent but 1 embeddings returned");
      server.setReplay({ body: JSON.stringify({ data: [{ index: 0, embedding: [1, 2] }, { index: 0, embedding: [3, 4] }] }), times: 1 });
      expect((await failure(model.embed({ values: ["x", "y"] }))).message).toContain("out of range or repeated");
    });
  });

  it("an aborted call is an aborted error", async () => {
    await withEmbedder({}, async (model) => {
      const controller = new AbortController();
      controller.abort();
      expect(await failure(model.embed({ values: ["x"], abortSignal: controller.signal }))).toMatchObject({ code: "aborted" });
    });
  });
});

describe("openai-compatible moderation model", () => {
  it("posts one input with the default model and maps flagged and category scores", async () => {
    const model = createOpenAiCompatibleModerationModel({ baseUrl: server.url });
    try {
      expect(model.modelId).toBe("omni-moderation-latest");
      const flagged = await model.moderate({ input: "You are an idiot and I will attack you" });
      expect(server.lastBody).toEqual({ model: "omni-moderation-latest", input: "You are an idiot and I will attack you" });
      expect(flagged.flagged).toBe(true);
      expect(flagged.categoryScores["harassment"]).toBeCloseTo(0.9, 12);
      expect(flagged.categoryScores["violence"]).toBeCloseTo(0.9, 12);
      expect(flagged.categoryScores["hate"]).toBeCloseTo(0.0001, 12);
      const clean = await model.moderate({ input: "Thanks for the quick reply!" });
      expect(clean.flagged).toBe(false);
      expect(Math.max(...Object.values(clean.categoryScores))).toBeLessThan(0.01);
    } finally {
      await model.close();
    }
  });

  it("clamps scores into [0, 1] and rejects bodies without results", async () => {
    const model = createOpenAiCompatibleModerationModel({ baseUrl: server.url, model: "custom-mod" });
    try {
      server.setReplay({ body: JSON.stringify({ results: [{ flagged: false, category_scores: { hate: 1.0000001, spam: -0.2 } }] }), times: 1 });
      expect(await model.moderate({ input: "x" })).toEqual({ flagged: false, categoryScores: { hate: 1, spam: 0 } });
      server.setReplay({ body: JSON.stringify({ results: [] }), times: 1 });
      expect(await failure(model.moderate({ input: "x" }))).toMatchObject({ code: "provider_bad_response" });
      server.setFault({ kind: "server-error", times: 1 });
      expect(await failure(model.moderate({ input: "x" }))).toMatchObject({ code: "provider_unavailable", isRetryable: true });
    } finally {
      await model.close();
    }
  });
});
