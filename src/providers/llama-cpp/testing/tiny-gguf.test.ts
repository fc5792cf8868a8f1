import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTinyGguf } from "./tiny-gguf.js";
import { buildTinyVocabulary, controlTokens } from "./tiny-vocabulary.js";

let directory = "";

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tuneops-tiny-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("writeTinyGguf", () => {
  it("is deterministic for a seed and differs between seeds", async () => {
    const paths = ["a", "b", "c"].map((name) => join(directory, `${name}.gguf`));
    await writeTinyGguf(paths[0]!, { seed: 3 });
    await writeTinyGguf(paths[1]!, { seed: 3 });
    await writeTinyGguf(paths[2]!, { seed: 4 });
    const [first, second, third] = await Promise.all(paths.map((path) => readFile(path)));
    expect(first!.equals(second!)).toBe(true);
    expect(first!.equals(third!)).toBe(false);
    expect(first!.subarray(0, 4).toString("latin1")).toBe("GGUF");
  });

  it("writes the shape it was asked for, readable by node-llama-cpp's own parser", async () => {
    const path = join(directory, "shape.gguf");
    await writeTinyGguf(path, { layers: 3, embedding: 32, heads: 4, headsKv: 2, feedForward: 96, contextLength: 256 });
    const info = await readGgufFileInfo(path, { sourceType: "filesystem", logWarnings: false });
    const vocabulary = buildTinyVocabulary({ merges: 200 });
    expect(info.version).toBe(3);
    expect(info.architectureMetadata).toMatchObject({ block_count: 3, embedding_length: 32, feed_forward_length: 96, context_length: 256 });
    expect(info.architectureMetadata.attention).toMatchObject({ head_count: 4, head_count_kv: 2 });
    const tensors = new Map((info.tensorInfo ?? []).map((tensor) => [tensor.name, tensor.dimensions.map(Number)]));
    expect(tensors.get("token_embd.weight")).toEqual([32, vocabulary.tokens.length]);
    expect(tensors.get("blk.2.attn_k.weight")).toEqual([32, 16]);
    expect(tensors.get("blk.0.ffn_down.weight")).toEqual([96, 32]);
    expect(tensors.has("blk.3.attn_q.weight")).toBe(false);
    for (const tensor of info.tensorInfo ?? []) expect(Number(tensor.offset) % 32).toBe(0);
  });

  it("rejects shapes llama.cpp cannot run", async () => {
    await expect(writeTinyGguf(join(directory, "odd.gguf"), { embedding: 30, heads: 4 })).rejects.toThrow(RangeError);
    await expect(writeTinyGguf(join(directory, "gqa.gguf"), { heads: 4, headsKv: 3 })).rejects.toThrow(RangeError);
    await expect(writeTinyGguf(join(directory, "zero.gguf"), { layers: 0 })).rejects.toThrow(RangeError);
  });
});

describe("buildTinyVocabulary", () => {
  it("has 256 bytes, merges whose parts exist earlier, and ChatML control tokens last", () => {
    const vocabulary = buildTinyVocabulary({ merges: 200 });
    expect(vocabulary.merges.length).toBeGreaterThan(150);
    const known = new Set(vocabulary.tokens.slice(0, 256));
    for (const merge of vocabulary.merges) {
      const [left, right] = merge.split(" ");
      expect(known.has(left!)).toBe(true);
      expect(known.has(right!)).toBe(true);
      known.add(left! + right!);
    }
    expect(vocabulary.tokens.slice(-3)).toEqual([...controlTokens]);
    expect(vocabulary.tokens[vocabulary.eosId]).toBe("<|im_end|>");
    expect(new Set(vocabulary.tokens).size).toBe(vocabulary.tokens.length);
    // Printable ASCII stays generable; control bytes and the high half are suppressed.
    expect(vocabulary.suppressedIds).toContain(10);
    expect(vocabulary.suppressedIds).toContain(200);
    expect(vocabulary.suppressedIds).not.toContain(65);
  });
});
