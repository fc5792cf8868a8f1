import { open, stat } from "node:fs/promises";
import { readGgufFileInfo } from "node-llama-cpp";
import { TuneopsError } from "../../spec/errors.js";

/**
 * Checks a GGUF file's header before llama.cpp sees it. llama.cpp answers some missing keys
 * (`<arch>.feed_forward_length`, `<arch>.attention.head_count`) with a failed assertion that kills the
 * whole Node process, so every user-supplied file goes through here first and a bad one becomes a
 * `TuneopsError` ("input_invalid") naming the file and the key.
 */
export interface GgufHeaderSummary {
  /** `general.architecture`, e.g. `llama`, `qwen2`. */
  architecture: string;
  /** `general.name`, when present. */
  name?: string;
  /** Context length the model was trained with, in tokens. */
  trainContextLength: number;
  /** Whether the file carries `tokenizer.chat_template`. */
  hasChatTemplate: boolean;
  tensorCount: number;
}

/** Architectures without attention heads or feed-forward blocks (state-space and RWKV models). */
const withoutAttentionHeads: ReadonlySet<string> = new Set(["mamba", "mamba2", "rwkv6", "rwkv6qwen2", "rwkv7", "arwkv7"]);
const withoutFeedForward: ReadonlySet<string> = new Set(["mamba", "mamba2"]);

const repairHint = "The file is incomplete or was not written by a llama.cpp converter; re-export it with llama.cpp's convert_hf_to_gguf.py or download it again.";

function invalid(path: string, message: string, options: { field?: string; cause?: unknown; hint?: string } = {}): TuneopsError {
  return new TuneopsError({
    code: "input_invalid",
    message: `${path}: ${message}`,
    location: options.field === undefined ? { file: path } : { file: path, field: options.field },
    hint: options.hint ?? repairHint,
    cause: options.cause,
  });
}

/** Reads a dotted key from the nested metadata object node-llama-cpp builds. */
function lookup(metadata: unknown, key: string): unknown {
  let node: unknown = metadata;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function isPositiveCount(value: unknown): boolean {
  if (typeof value === "bigint") return value > 0n;
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

/** A count, or a per-layer array of counts (some architectures vary them by layer). */
function isCountOrPerLayer(value: unknown, options: { zeroAllowedInArray: boolean }): boolean {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every((item) => (options.zeroAllowedInArray && item === 0) || isPositiveCount(item));
  }
  return isPositiveCount(value);
}

async function readMagic(path: string): Promise<{ magic: string; version: number }> {
  const handle = await open(path, "r");
  try {
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    return { magic: header.subarray(0, Math.min(4, bytesRead)).toString("latin1"), version: bytesRead >= 8 ? header.readUInt32LE(4) : 0 };
  } finally {
    await handle.close();
  }
}

export async function validateGgufHeader(path: string): Promise<GgufHeaderSummary> {
  const stats = await stat(path).catch((cause: unknown) => {
    throw invalid(path, "GGUF model file not found", { cause, hint: "Check the model path; relative paths are resolved from the working directory." });
  });
  if (!stats.isFile()) throw invalid(path, "expected a GGUF model file, found a directory or special file", { hint: "Point the model path at the .gguf file itself." });

  const { magic, version } = await readMagic(path);
  if (magic !== "GGUF") throw invalid(path, `not a GGUF file (magic ${JSON.stringify(magic)}, expected "GGUF")`);
  if (version !== 2 && version !== 3) throw invalid(path, `unsupported GGUF version ${version} (expected 2 or 3)`);

  const info = await readGgufFileInfo(path, { sourceType: "filesystem", logWarnings: false }).catch((cause: unknown) => {
    throw invalid(path, `unreadable GGUF header: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  });
  const metadata: unknown = info.metadata;
  const requireKey = (key: string, check: (value: unknown) => boolean, expected: string): unknown => {
    const value = lookup(metadata, key);
    if (value === undefined) throw invalid(path, `missing GGUF metadata key "${key}" (${expected})`, { field: key });
    if (!check(value)) throw invalid(path, `GGUF metadata key "${key}" must be ${expected}, got ${JSON.stringify(String(value))}`, { field: key });
    return value;
  };
  const isText = (value: unknown): boolean => typeof value === "string" && value.length > 0;

  const architecture = String(requireKey("general.architecture", isText, "a non-empty string"));
  const trainContextLength = Number(requireKey(`${architecture}.context_length`, isPositiveCount, "a positive integer"));
  requireKey(`${architecture}.embedding_length`, isPositiveCount, "a positive integer");
  const blockCount = Number(requireKey(`${architecture}.block_count`, isPositiveCount, "a positive integer"));
  if (!withoutFeedForward.has(architecture)) {
    requireKey(`${architecture}.feed_forward_length`, (value) => isCountOrPerLayer(value, { zeroAllowedInArray: true }), "a positive integer or per-layer array");
  }
  if (!withoutAttentionHeads.has(architecture)) {
    requireKey(`${architecture}.attention.head_count`, (value) => isCountOrPerLayer(value, { zeroAllowedInArray: true }), "a positive integer or per-layer array");
  }
  if (architecture === "llama") requireKey("llama.attention.layer_norm_rms_epsilon", (value) => typeof value === "number" && value > 0, "a positive float");

  const tokenizerModel = String(requireKey("tokenizer.ggml.model", isText, "a tokenizer name such as gpt2 or llama"));
  if (tokenizerModel !== "none" && tokenizerModel !== "no_vocab") {
    const tokens = requireKey("tokenizer.ggml.tokens", (value) => Array.isArray(value) && value.length > 0, "a non-empty array of strings");
    const vocabularySize = Array.isArray(tokens) ? tokens.length : 0;
    if (tokenizerModel === "gpt2") requireKey("tokenizer.ggml.merges", Array.isArray, "an array of BPE merges");
    const tokenTypes = lookup(metadata, "tokenizer.ggml.token_type");
    // llama.cpp reads one type per token without a bounds check; special token ids out of range only warn.
    if (Array.isArray(tokenTypes) && tokenTypes.length < vocabularySize) {
      throw invalid(path, `tokenizer.ggml.token_type has ${tokenTypes.length} entries for ${vocabularySize} tokens`, { field: "tokenizer.ggml.token_type" });
    }
  }

  const tensorCount = Number(info.totalTensorCount);
  if (tensorCount === 0) throw invalid(path, "the file holds no tensors (a vocabulary-only GGUF cannot generate text)");
  if (blockCount > 0 && info.fullTensorInfo !== undefined && !info.fullTensorInfo.some((tensor) => tensor.name.includes("blk."))) {
    throw invalid(path, "the file holds no transformer block tensors (blk.N.*)");
  }
  const name = lookup(metadata, "general.name");
  const summary: GgufHeaderSummary = {
    architecture,
    trainContextLength,
    hasChatTemplate: typeof lookup(metadata, "tokenizer.chat_template") === "string",
    tensorCount,
  };
  if (typeof name === "string") summary.name = name;
  return summary;
}
