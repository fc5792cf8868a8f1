import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTuneopsError, type TuneopsError } from "../../spec/errors.js";
import type { GenerateRequest, LanguageModelV1, PrepareContext, StreamPart } from "../../spec/language-model.js";
import { describeLanguageModelConformance } from "../provider.conformance.js";
import { createLlamaCppModel, type LlamaCppModelOptions } from "./llama-cpp-language-model.js";
import { writeTinyGguf } from "./testing/tiny-gguf.js";

/**
 * Real inference through node-llama-cpp on a tiny random-weight model written by the test. The text is
 * gibberish and differs between CPU variants, so nothing here asserts on it beyond lengths, stop
 * reasons, schema validity and same-machine determinism. Every model runs on one thread (CI has 2 cores).
 */

let directory = "";
let modelPath = "";
/** Holds the shared llama.cpp backend open for the whole file, so each test's model starts fast. */
let keepWarm: LanguageModelV1 | undefined;

function prepareContext(): PrepareContext {
  return { trainingRows: [], inputField: "input", expectedField: "expected", workDir: directory };
}

async function openModel(options: Partial<LlamaCppModelOptions> = {}): Promise<LanguageModelV1> {
  const model = createLlamaCppModel({ modelPath, threads: 1, contextSize: 1024, ...options });
  await model.prepare?.(prepareContext());
  return model;
}

function chatRequest(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    prompt: { kind: "chat", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hello to the team." }] },
    maxOutputTokens: 16,
    temperature: 0,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<TuneopsError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isTuneopsError(error)) throw new Error(`expected a TuneopsError, got ${String(error)}`);
  return error;
}

async function withModel<T>(options: Partial<LlamaCppModelOptions>, use: (model: LanguageModelV1) => Promise<T>): Promise<T> {
  const model = await openModel(options);
  try {
    return await use(model);
  } finally {
    await model.close?.();
  }
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tuneops-llama-"));
  modelPath = join(directory, "tiny.gguf");
  await writeTinyGguf(modelPath, { seed: 7 });
  keepWarm = await openModel();
});

afterAll(async () => {
  await keepWarm?.close?.();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describeLanguageModelConformance({
  name: "llama-cpp (tiny GGUF)",
  create: () => openModel(),
  request: () => chatRequest(),
  deterministic: true,
});

describe("createLlamaCppModel", () => {
  it("declares a local, real, streaming model named after the file", async () => {
    const model = createLlamaCppModel({ modelPath });
    expect(model.provider).toBe("llama-cpp");
    expect(model.modelId).toBe("tiny");
    expect(model.capabilities).toMatchObject({ local: true, simulated: false, streaming: true, streamingUsage: true, jsonSchema: true, chat: true, needsTraining: false });
    await model.close?.();
  });

  it("rejects bad options as config errors", () => {
    expect(() => createLlamaCppModel({ modelPath: "" })).toThrow(/modelPath/);
    expect(() => createLlamaCppModel({ modelPath, maxConcurrency: 0 })).toThrow(/maxConcurrency/);
  });

  it("stops at maxOutputTokens with finish reason length and counts exactly those tokens", async () => {
    await withModel({}, async (model) => {
      const result = await model.generate(chatRequest({ maxOutputTokens: 12 }));
      expect(result.finishReason).toBe("length");
      expect(result.usage.outputTokens).toBe(12);
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.timing?.latencyMs).toBeGreaterThanOrEqual(0);
    });
  });

  it("counts input tokens with the model's tokenizer", async () => {
    await withModel({}, async (model) => {
      // The tiny vocabulary has no merge for "xq", so each byte is one token (and no BOS is added).
      const text = await model.generate({ prompt: { kind: "text", text: "xqxq" }, maxOutputTokens: 4, temperature: 0 });
      expect(text.usage.inputTokens).toBe(4);
      expect(text.usage.outputTokens).toBe(4);
      const short = await model.generate(chatRequest({ maxOutputTokens: 1 }));
      const long = await model.generate(
        chatRequest({ maxOutputTokens: 1, prompt: { kind: "chat", messages: [{ role: "user", content: "Say hello to the team, and then say it again." }] } }),
      );
      expect(long.usage.inputTokens).toBeGreaterThan(short.usage.inputTokens - 4);
    });
  });

  it("stops at a stop sequence, leaving it out of the text", async () => {
    await withModel({}, async (model) => {
      const free = await model.generate(chatRequest({ maxOutputTokens: 24 }));
      const stop = free.text.slice(12, 14);
      expect(stop.length).toBe(2);
      const stopped = await model.generate(chatRequest({ maxOutputTokens: 24, stop: [stop] }));
      expect(stopped.finishReason).toBe("stop");
      expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(stop)));
    });
  });

  it("is reproducible with a seed when sampling", async () => {
    await withModel({}, async (model) => {
      const request = chatRequest({ temperature: 0.9, topP: 0.95, seed: 42, maxOutputTokens: 12 });
      const first = await model.generate(request);
      const second = await model.generate(request);
      expect(second.text).toBe(first.text);
    });
  });

  it("constrains output to a JSON schema with a grammar", async () => {
    await withModel({}, async (model) => {
      const schema = {
        type: "object",
        properties: { answer: { enum: ["yes", "no", "maybe"] }, sure: { type: "boolean" }, kind: { const: "tiny" } },
        required: ["answer", "sure", "kind"],
      };
      for (const seed of [1, 2, 3]) {
        const result = await model.generate(chatRequest({ maxOutputTokens: 64, temperature: 0.8, seed, responseFormat: { type: "json", schema } }));
        expect(result.finishReason).toBe("stop");
        const parsed: unknown = JSON.parse(result.text);
        expect(parsed).toMatchObject({ kind: "tiny" });
        const record = parsed as { answer: unknown; sure: unknown };
        expect(["yes", "no", "maybe"]).toContain(record.answer);
        expect(typeof record.sure).toBe("boolean");
      }
    });
  });

  it("warns about schema keywords the grammar does not enforce", async () => {
    await withModel({}, async (model) => {
      const schema = { type: "object", properties: { level: { enum: ["low", "high"] }, score: { type: "integer", minimum: 0, maximum: 5 } } };
      const result = await model.generate(chatRequest({ maxOutputTokens: 40, responseFormat: { type: "json", schema } }));
      const warning = result.warnings?.find((item) => item.setting === "responseFormat.schema");
      expect(warning?.message).toContain("maximum, minimum");
    });
  });

  it("aborts mid-generation with a non-retryable aborted error and stays usable", async () => {
    await withModel({}, async (model) => {
      const controller = new AbortController();
      const parts: StreamPart[] = [];
      const error = await rejection(
        (async () => {
          for await (const part of model.stream!(chatRequest({ maxOutputTokens: 900, abortSignal: controller.signal }))) {
            parts.push(part);
            controller.abort();
          }
        })(),
      );
      expect(error.code).toBe("aborted");
      expect(error.isRetryable).toBe(false);
      expect(parts.length).toBeGreaterThan(0);
      expect(parts.some((part) => part.type === "finish")).toBe(false);
      // The sequence was given back: the next call gets it.
      const after = await model.generate(chatRequest({ maxOutputTokens: 3 }));
      expect(after.usage.outputTokens).toBe(3);
    });
  });

  it("cancels the generation when the consumer stops reading a stream", async () => {
    await withModel({ maxConcurrency: 1 }, async (model) => {
      for await (const part of model.stream!(chatRequest({ maxOutputTokens: 900 }))) {
        expect(part.type).toBe("text-delta");
        break;
      }
      const after = await model.generate(chatRequest({ maxOutputTokens: 3 }));
      expect(after.finishReason).toBe("length");
    });
  });

  it("runs concurrent calls in separate sequences and queues past maxConcurrency", async () => {
    await withModel({ maxConcurrency: 2 }, async (model) => {
      const prompts = ["First question?", "Second question?", "Third question?"];
      const results = await Promise.all(
        prompts.map((content) => model.generate(chatRequest({ maxOutputTokens: 10, prompt: { kind: "chat", messages: [{ role: "user", content }] } }))),
      );
      for (const result of results) {
        expect(result.finishReason).toBe("length");
        expect(result.usage.outputTokens).toBe(10);
      }
    });
  });

  it("reports unsupported settings as warnings", async () => {
    await withModel({}, async (model) => {
      const result = await model.generate(
        chatRequest({ maxOutputTokens: 2, tools: [{ name: "lookup", parameters: { type: "object" } }], providerOptions: { topK: 20, mirostat: 2 } }),
      );
      const settings = (result.warnings ?? []).map((warning) => warning.setting);
      expect(settings).toContain("tools");
      expect(settings).toContain("providerOptions.mirostat");
      expect(settings).not.toContain("providerOptions.topK");
    });
  });

  it("rejects a prompt longer than the context as input_invalid", async () => {
    await withModel({ contextSize: 64 }, async (model) => {
      const error = await rejection(model.generate({ prompt: { kind: "text", text: "xq".repeat(600) }, maxOutputTokens: 4 }));
      expect(error.code).toBe("input_invalid");
    });
  });

  it("gives input_invalid for a GGUF whose header would crash llama.cpp, and the process lives on", async () => {
    for (const key of ["llama.feed_forward_length", "llama.attention.head_count"]) {
      const badPath = join(directory, `bad-${key}.gguf`);
      await writeTinyGguf(badPath, { omitKeys: [key] });
      const model = createLlamaCppModel({ modelPath: badPath, threads: 1 });
      const error = await rejection(model.generate(chatRequest()));
      expect(error.code).toBe("input_invalid");
      expect(error.location).toMatchObject({ file: badPath, field: key });
      await model.close?.();
    }
    // Still here: the same process keeps generating with a good model.
    const result = await keepWarm!.generate(chatRequest({ maxOutputTokens: 2 }));
    expect(result.usage.outputTokens).toBe(2);
  });

  it("gives input_invalid naming a path that does not exist", async () => {
    const missing = join(directory, "missing.gguf");
    const model = createLlamaCppModel({ modelPath: missing });
    const error = await rejection(model.prepare!(prepareContext()));
    expect(error.code).toBe("input_invalid");
    expect(error.message).toContain(missing);
    await model.close?.();
  });

  it("aborts calls in flight when closed", async () => {
    const model = await openModel();
    const parts: StreamPart[] = [];
    let closing: Promise<void> | undefined;
    const error = await rejection(
      (async () => {
        for await (const part of model.stream!(chatRequest({ maxOutputTokens: 900 }))) {
          parts.push(part);
          closing ??= model.close!();
        }
      })(),
    );
    await closing;
    expect(error.code).toBe("aborted");
    expect(parts.some((part) => part.type === "finish")).toBe(false);
  });

  it("refuses calls after close", async () => {
    const model = await openModel();
    await model.close?.();
    const error = await rejection(model.generate(chatRequest()));
    expect(error.code).toBe("provider_unavailable");
  });
});
