import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTuneopsError, type TuneopsError } from "../../spec/errors.js";
import { writeTinyGguf } from "./testing/tiny-gguf.js";
import { validateGgufHeader } from "./validate-gguf-header.js";

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tuneops-gguf-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function validationError(path: string): Promise<TuneopsError> {
  const error = await validateGgufHeader(path).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isTuneopsError(error)) throw new Error(`expected a TuneopsError, got ${String(error)}`);
  return error;
}

describe("validateGgufHeader", () => {
  it("summarises a valid file", async () => {
    const path = join(directory, "valid.gguf");
    await writeTinyGguf(path, { contextLength: 512 });
    const summary = await validateGgufHeader(path);
    expect(summary).toMatchObject({ architecture: "llama", name: "tuneops-tiny", trainContextLength: 512, hasChatTemplate: true });
    expect(summary.tensorCount).toBe(1 + 2 * 9 + 2);
  });

  // Each of these keys, when missing, either kills the process inside llama.cpp or fails its load.
  for (const key of [
    "llama.feed_forward_length",
    "llama.attention.head_count",
    "llama.block_count",
    "llama.embedding_length",
    "llama.context_length",
    "llama.attention.layer_norm_rms_epsilon",
    "tokenizer.ggml.model",
    "tokenizer.ggml.tokens",
    "tokenizer.ggml.merges",
    "general.architecture",
  ]) {
    it(`rejects a file without ${key}, naming the file and the key`, async () => {
      const path = join(directory, `without-${key}.gguf`);
      await writeTinyGguf(path, { omitKeys: [key] });
      const error = await validationError(path);
      expect(error.code).toBe("input_invalid");
      expect(error.isRetryable).toBe(false);
      expect(error.location?.file).toBe(path);
      expect(error.message).toContain(path);
      expect(error.hint).toBeTruthy();
      // Without the architecture the architecture-specific keys cannot be named; the first missing one is.
      expect(error.location?.field).toBe(key);
    });
  }

  it("rejects a missing file", async () => {
    const path = join(directory, "nowhere.gguf");
    const error = await validationError(path);
    expect(error.code).toBe("input_invalid");
    expect(error.message).toContain(path);
    expect(error.location?.file).toBe(path);
  });

  it("rejects a directory", async () => {
    const error = await validationError(directory);
    expect(error.code).toBe("input_invalid");
  });

  it("rejects a file that is not GGUF", async () => {
    const path = join(directory, "notes.gguf");
    await writeFile(path, "just some text, not a model\n");
    const error = await validationError(path);
    expect(error.code).toBe("input_invalid");
    expect(error.message).toContain("not a GGUF file");
  });

  it("rejects a truncated file", async () => {
    const source = join(directory, "whole.gguf");
    await writeTinyGguf(source);
    const path = join(directory, "truncated.gguf");
    await writeFile(path, (await readFile(source)).subarray(0, 2000));
    const error = await validationError(path);
    expect(error.code).toBe("input_invalid");
    expect(error.location?.file).toBe(path);
  });

  it("rejects an unsupported GGUF version", async () => {
    const source = join(directory, "version-source.gguf");
    await writeTinyGguf(source);
    const bytes = Buffer.from(await readFile(source));
    bytes.writeUInt32LE(7, 4);
    const path = join(directory, "version-7.gguf");
    await writeFile(path, bytes);
    const error = await validationError(path);
    expect(error.message).toContain("version 7");
  });
});
