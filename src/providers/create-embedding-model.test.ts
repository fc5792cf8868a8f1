import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerSchema, type ProviderConfig } from "../config/project-schema.js";
import { isTuneopsError, type TuneopsError } from "../spec/errors.js";
import { createEmbeddingModel, createModerationModel } from "./create-embedding-model.js";
import { writeTinyGguf } from "./llama-cpp/testing/tiny-gguf.js";
import type { MockServer } from "./testing/mock-server.js";
import { mockEmbedding, startOpenAiMockServer } from "./testing/openai-mock-server.js";

let server: MockServer;
let directory = "";
beforeAll(async () => {
  server = await startOpenAiMockServer({ apiKey: "sk-mock-embed" });
  directory = await mkdtemp(join(tmpdir(), "tuneops-create-embed-"));
});
afterAll(async () => {
  await server.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

const secrets: Record<string, string> = { MOCK_KEY: "sk-mock-embed" };
const readSecret = (name: string): string | undefined => secrets[name];

function config(input: Record<string, unknown>): ProviderConfig {
  return providerSchema.parse(input);
}

async function rejection(promise: Promise<unknown>): Promise<TuneopsError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isTuneopsError(error)) throw new Error(`expected a TuneopsError, got ${String(error)}`);
  return error;
}

describe("createEmbeddingModel", () => {
  it("builds an OpenAI-compatible embedder with the key from the named variable", async () => {
    const model = await createEmbeddingModel({
      name: "embed",
      config: config({ type: "openai-compatible", model: "text-embedding-3-small", base_url: server.url, api_key_env: "MOCK_KEY" }),
      baseDir: directory,
      readSecret,
    });
    try {
      expect(model.provider).toBe("openai-compatible");
      expect((await model.embed({ values: ["hello there"] })).embeddings).toEqual([mockEmbedding("hello there")]);
    } finally {
      await model.close?.();
    }
  });

  it("builds a llama.cpp embedder whose model path resolves against the project folder", async () => {
    await writeTinyGguf(join(directory, "models", "tiny.gguf"), { seed: 3, embedding: 32, contextLength: 128 });
    const model = await createEmbeddingModel({
      name: "local-embed",
      config: config({ type: "llama-cpp", model_path: "models/tiny.gguf", context_size: 64, threads: 1 }),
      baseDir: directory,
      readSecret,
    });
    try {
      expect(model).toMatchObject({ provider: "llama-cpp", modelId: "tiny" });
      const [vector] = (await model.embed({ values: ["hello"] })).embeddings;
      expect(vector).toHaveLength(32);
    } finally {
      await model.close?.();
    }
  });

  it("refuses provider types that cannot embed, naming the provider and the types that can", async () => {
    const error = await rejection(createEmbeddingModel({ name: "claude", config: config({ type: "anthropic", model: "claude-sonnet-4-5" }), baseDir: directory, readSecret }));
    expect(error.code).toBe("config_invalid");
    expect(error.message).toContain("providers.claude");
    expect(error.message).toContain('"anthropic"');
    expect(error.hint).toContain('"openai-compatible" or "llama-cpp"');
    expect(error.location?.field).toBe("providers.claude.type");
  });

  it("a missing key variable is config_invalid at api_key_env", async () => {
    const error = await rejection(
      createEmbeddingModel({ name: "embed", config: config({ type: "openai-compatible", model: "m", base_url: server.url, api_key_env: "NOT_SET" }), baseDir: directory, readSecret }),
    );
    expect(error).toMatchObject({ code: "config_invalid", location: { field: "providers.embed.api_key_env" } });
    expect(error.message).toContain("NOT_SET");
  });
});

describe("createModerationModel", () => {
  it("builds an OpenAI-compatible moderator", async () => {
    const model = await createModerationModel({
      name: "mod",
      config: config({ type: "openai-compatible", model: "omni-moderation-latest", base_url: server.url, api_key_env: "MOCK_KEY" }),
      baseDir: directory,
      readSecret,
    });
    try {
      expect((await model.moderate({ input: "I hate this" })).flagged).toBe(true);
      expect((await model.moderate({ input: "I like this" })).flagged).toBe(false);
    } finally {
      await model.close?.();
    }
  });

  it("refuses every other provider type", async () => {
    const error = await rejection(createModerationModel({ name: "local", config: config({ type: "llama-cpp", model_path: "x.gguf" }), baseDir: directory, readSecret }));
    expect(error.code).toBe("config_invalid");
    expect(error.message).toContain("moderation");
    expect(error.hint).toContain('"openai-compatible"');
  });
});
