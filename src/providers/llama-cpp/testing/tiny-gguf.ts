import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { validateGgufHeader } from "../validate-gguf-header.js";
import { encodeGguf, type GgufTensor, type GgufValue } from "./gguf-writer.js";
import { buildTinyVocabulary, type TinyVocabulary } from "./tiny-vocabulary.js";
import { createRandom } from "../../../stats/random.js";

/**
 * Writes a tiny llama model with random (seeded) weights, for tests of real local inference without
 * downloading anything. The output is gibberish, but loading, tokenisation, chat templates, grammars,
 * limits, aborts and disposal all run for real. See /work/shared/notes/tiny-gguf.md.
 */
export interface TinyGgufOptions {
  /** Seed of the weights; the same options give the same file byte for byte. Default 1. */
  seed?: number;
  /** Transformer blocks. Default 2. */
  layers?: number;
  /** Embedding width; a multiple of `heads`, with `embedding / heads` even (RoPE). Default 64. */
  embedding?: number;
  /** Attention heads. Default 4. */
  heads?: number;
  /** Key/value heads (grouped-query attention); divides `heads`. Default `heads`. */
  headsKv?: number;
  /** Feed-forward width. Default 256. */
  feedForward?: number;
  /** Training context length in tokens. Default 1024. */
  contextLength?: number;
  /** BPE merges on top of the 256 bytes (at most about 190). Default 200 (all of them). */
  merges?: number;
  /**
   * Metadata keys to leave out, to produce deliberately broken files for tests of the validator. Such
   * files are not validated after writing; never load one without `validateGgufHeader` first.
   */
  omitKeys?: readonly string[];
}

/** ChatML, so node-llama-cpp picks its ChatML wrapper from the template. */
export const tinyChatTemplate =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** Weight on the constant embedding channel that pushes suppressed tokens' logits far below the rest. */
const suppressionWeight = -100;

interface Shape {
  layers: number;
  embedding: number;
  heads: number;
  headsKv: number;
  feedForward: number;
  contextLength: number;
}

function resolveShape(options: TinyGgufOptions): Shape {
  const shape: Shape = {
    layers: options.layers ?? 2,
    embedding: options.embedding ?? 64,
    heads: options.heads ?? 4,
    headsKv: options.headsKv ?? options.heads ?? 4,
    feedForward: options.feedForward ?? 256,
    contextLength: options.contextLength ?? 1024,
  };
  for (const [name, value] of Object.entries(shape)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`writeTinyGguf: ${name} must be a positive integer, got ${value}`);
  }
  const headDimension = shape.embedding / shape.heads;
  if (!Number.isInteger(headDimension) || headDimension % 2 !== 0) {
    throw new RangeError(`writeTinyGguf: embedding (${shape.embedding}) / heads (${shape.heads}) must be an even integer`);
  }
  if (shape.heads % shape.headsKv !== 0) throw new RangeError(`writeTinyGguf: headsKv (${shape.headsKv}) must divide heads (${shape.heads})`);
  return shape;
}

function buildTensors(shape: Shape, vocabulary: TinyVocabulary, seed: number): GgufTensor[] {
  const random = createRandom(seed);
  const uniform = (scale: number): number => (random() * 2 - 1) * scale;
  const { embedding: width, feedForward, layers } = shape;
  const vocabularySize = vocabulary.tokens.length;
  const headDimension = width / shape.heads;
  const kvWidth = shape.headsKv * headDimension;
  // The last embedding channel is 1 for every token and no layer writes into it (their output rows
  // for it are zero), so it reaches the output head unchanged: a fixed bias per output token.
  const constantChannel = width - 1;

  const matrix = (input: number, output: number, options: { scale?: number; zeroOutputRow?: number } = {}): Float32Array => {
    const scale = options.scale ?? 1 / Math.sqrt(input);
    const data = new Float32Array(input * output);
    for (let row = 0; row < output; row += 1) {
      if (row === options.zeroOutputRow) continue;
      for (let column = 0; column < input; column += 1) data[row * input + column] = uniform(scale);
    }
    return data;
  };
  const ones = (size: number): Float32Array => new Float32Array(size).fill(1);

  const tokenEmbedding = matrix(width, vocabularySize, { scale: 1 });
  for (let token = 0; token < vocabularySize; token += 1) tokenEmbedding[token * width + constantChannel] = 1;

  const tensors: GgufTensor[] = [{ name: "token_embd.weight", dims: [width, vocabularySize], data: tokenEmbedding }];
  for (let layer = 0; layer < layers; layer += 1) {
    const prefix = `blk.${layer}`;
    tensors.push(
      { name: `${prefix}.attn_norm.weight`, dims: [width], data: ones(width) },
      { name: `${prefix}.attn_q.weight`, dims: [width, width], data: matrix(width, width) },
      { name: `${prefix}.attn_k.weight`, dims: [width, kvWidth], data: matrix(width, kvWidth) },
      { name: `${prefix}.attn_v.weight`, dims: [width, kvWidth], data: matrix(width, kvWidth) },
      { name: `${prefix}.attn_output.weight`, dims: [width, width], data: matrix(width, width, { zeroOutputRow: constantChannel }) },
      { name: `${prefix}.ffn_norm.weight`, dims: [width], data: ones(width) },
      { name: `${prefix}.ffn_gate.weight`, dims: [width, feedForward], data: matrix(width, feedForward) },
      { name: `${prefix}.ffn_up.weight`, dims: [width, feedForward], data: matrix(width, feedForward) },
      { name: `${prefix}.ffn_down.weight`, dims: [feedForward, width], data: matrix(feedForward, width, { zeroOutputRow: constantChannel }) },
    );
  }

  const output = matrix(width, vocabularySize, { scale: 0.3 });
  for (let token = 0; token < vocabularySize; token += 1) output[token * width + constantChannel] = 0;
  for (const token of vocabulary.suppressedIds) {
    output.fill(0, token * width, (token + 1) * width);
    output[token * width + constantChannel] = suppressionWeight;
  }
  tensors.push({ name: "output_norm.weight", dims: [width], data: ones(width) }, { name: "output.weight", dims: [width, vocabularySize], data: output });
  return tensors;
}

function buildMetadata(shape: Shape, vocabulary: TinyVocabulary): Array<[string, GgufValue]> {
  const u32 = (value: number): GgufValue => ({ type: "uint32", value });
  return [
    ["general.architecture", { type: "string", value: "llama" }],
    ["general.name", { type: "string", value: "tuneops-tiny" }],
    ["general.file_type", u32(0)],
    ["general.alignment", u32(32)],
    ["llama.context_length", u32(shape.contextLength)],
    ["llama.embedding_length", u32(shape.embedding)],
    ["llama.block_count", u32(shape.layers)],
    ["llama.feed_forward_length", u32(shape.feedForward)],
    ["llama.attention.head_count", u32(shape.heads)],
    ["llama.attention.head_count_kv", u32(shape.headsKv)],
    ["llama.attention.layer_norm_rms_epsilon", { type: "float32", value: 1e-5 }],
    ["llama.rope.dimension_count", u32(shape.embedding / shape.heads)],
    ["llama.rope.freq_base", { type: "float32", value: 10000 }],
    ["llama.vocab_size", u32(vocabulary.tokens.length)],
    ["tokenizer.ggml.model", { type: "string", value: "gpt2" }],
    ["tokenizer.ggml.pre", { type: "string", value: "default" }],
    ["tokenizer.ggml.tokens", { type: "string[]", value: vocabulary.tokens }],
    ["tokenizer.ggml.token_type", { type: "int32[]", value: vocabulary.tokenTypes }],
    ["tokenizer.ggml.merges", { type: "string[]", value: vocabulary.merges }],
    ["tokenizer.ggml.bos_token_id", u32(vocabulary.bosId)],
    ["tokenizer.ggml.eos_token_id", u32(vocabulary.eosId)],
    ["tokenizer.ggml.add_bos_token", { type: "bool", value: false }],
    ["tokenizer.chat_template", { type: "string", value: tinyChatTemplate }],
  ];
}

/** Writes the model to `path` (creating its folder) and, unless keys were omitted on purpose, validates it. */
export async function writeTinyGguf(path: string, options: TinyGgufOptions = {}): Promise<void> {
  const shape = resolveShape(options);
  const vocabulary = buildTinyVocabulary({ merges: options.merges ?? 200 });
  const omitted = new Set(options.omitKeys ?? []);
  const metadata = buildMetadata(shape, vocabulary).filter(([key]) => !omitted.has(key));
  const file = encodeGguf({ metadata, tensors: buildTensors(shape, vocabulary, options.seed ?? 1) });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file);
  if (omitted.size === 0) await validateGgufHeader(path);
}
