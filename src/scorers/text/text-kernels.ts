import { textKernelsWasm } from "./text-kernels-wasm.js";

/**
 * The ASCII fast paths of SQuAD, ROUGE and BLEU in WebAssembly (source: wasm/text-kernels.ts). A run
 * scores every case once; in JavaScript the metrics' first thousands of calls run before V8 has
 * optimised them, and optimising them costs as much again on its compiler threads, which on a small
 * machine is most of what the metrics add to a run. The module is compiled once, on first use, and runs
 * at full speed from its first call.
 *
 * Usage: put the output on side 0 and a reference on side 1 with `kernelTokenize`, then compare them.
 * Every function answers -1 (or false) where the JavaScript path must compute instead: non-ASCII text,
 * texts over 64 KiB or 4,096 tokens, 13a's rarer punctuation, and for the LCS and n-grams of more than
 * 4 tokens, pairs over 65,536 token comparisons.
 * Both paths give the same results (checked by property tests).
 */
export type KernelTokenizer = "squad" | "rouge" | "13a";

interface KernelExports {
  memory: WebAssembly.Memory;
  tokenize(tokenizer: number, side: number, length: number, lowercase: number): number;
  sameSequence(): number;
  commonTokens(): number;
  lcs(): number;
  ngramMatches(maxOrder: number): number;
  textOffset(side: number): number;
  normalizedOffset(side: number): number;
  resultOffset(): number;
  capacity(): number;
}

/** What a side holds: the last text tokenized there, how, and its token count. */
interface Side {
  text: string | undefined;
  tokenizer: number;
  lowercase: boolean;
  count: number;
}

interface Kernels {
  exports: KernelExports;
  texts: [Uint8Array, Uint8Array];
  results: Int32Array;
  capacity: number;
  output: Side;
  reference: Side;
  /**
   * The reference is the output's text, tokenized the same way: it is not tokenized again, and the
   * comparisons take their values for identical sequences (an output often equals its reference).
   */
  mirrored: boolean;
  /** After `kernelNgramMatches` on a mirrored pair: the matches are the n-gram counts. */
  mirroredMatches: boolean;
}

const tokenizerIds: Readonly<Record<KernelTokenizer, number>> = { squad: 0, rouge: 1, "13a": 2 };
const encoder = new TextEncoder();
let kernels: Kernels | undefined;

function load(): Kernels {
  const module = new WebAssembly.Module(Buffer.from(textKernelsWasm, "base64"));
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  // The memory never grows (its maximum is its initial size), so these views stay valid.
  const buffer = exports.memory.buffer;
  const capacity = exports.capacity();
  return {
    exports,
    texts: [new Uint8Array(buffer, exports.textOffset(0), capacity), new Uint8Array(buffer, exports.textOffset(1), capacity)],
    results: new Int32Array(buffer, exports.resultOffset(), 4 + 32),
    capacity,
    output: { text: undefined, tokenizer: -1, lowercase: false, count: -1 },
    reference: { text: undefined, tokenizer: -1, lowercase: false, count: -1 },
    mirrored: false,
    mirroredMatches: false,
  };
}

function holds(side: Side, tokenizer: number, text: string, lowercase: boolean): boolean {
  return side.tokenizer === tokenizer && side.lowercase === lowercase && side.text === text;
}

function hold(side: Side, tokenizer: number, text: string, lowercase: boolean, count: number): number {
  side.text = text;
  side.tokenizer = tokenizer;
  side.lowercase = lowercase;
  side.count = count;
  return count;
}

/**
 * Tokenizes `text` on `side` (0: the output, 1: a reference): SQuAD's normalisation, rouge-score's
 * tokenizer (without stemming) or sacrebleu's 13a (`lowercase` lowercases first). The token count, or -1.
 */
export function kernelTokenize(tokenizer: KernelTokenizer, side: 0 | 1, text: string, lowercase = false): number {
  const loaded = (kernels ??= load());
  const id = tokenizerIds[tokenizer];
  const held = side === 0 ? loaded.output : loaded.reference;
  // The scorers of a case often tokenize the same texts the same way (exact-match, then f1): the side
  // still holds them.
  if (holds(held, id, text, lowercase)) return held.count;
  held.text = undefined;
  if (side === 0) {
    loaded.mirrored = false;
    loaded.reference.text = undefined; // it may have been the output's mirror
  } else {
    loaded.mirrored = holds(loaded.output, id, text, lowercase);
    if (loaded.mirrored) return hold(held, id, text, lowercase, loaded.output.count);
  }
  // A text the kernels hand over is remembered as such too (-1), and not encoded again.
  if (text.length > loaded.capacity) return hold(held, id, text, lowercase, -1);
  // ASCII exactly when every character took one byte.
  const { read, written } = encoder.encodeInto(text, loaded.texts[side]);
  if (read !== text.length || written !== text.length) return hold(held, id, text, lowercase, -1);
  return hold(held, id, text, lowercase, loaded.exports.tokenize(id, side, written, lowercase ? 1 : 0));
}

function loaded(): Kernels {
  if (kernels === undefined) throw new Error("text kernels: tokenize both sides first");
  return kernels;
}

/** Whether the two sides have the same tokens in the same order (for SQuAD: the same normalised text). */
export function kernelSameSequence(): boolean {
  const k = loaded();
  return k.mirrored || k.exports.sameSequence() === 1;
}

/** The tokens the two sides share, each counted at most as often as on either side. */
export function kernelCommonTokens(): number {
  const k = loaded();
  return k.mirrored ? k.output.count : k.exports.commonTokens();
}

/** The length of the longest common subsequence of the two sides' tokens; -1 when they are too long. */
export function kernelLcs(): number {
  const k = loaded();
  return k.mirrored ? k.output.count : k.exports.lcs();
}

/**
 * Clipped n-gram matches of side 0 against side 1 for orders 1..maxOrder (at most 32), read with
 * `kernelMatches`; false when orders above 4 would need too many comparisons.
 */
export function kernelNgramMatches(maxOrder: number): boolean {
  const k = loaded();
  k.mirroredMatches = k.mirrored && maxOrder >= 1 && maxOrder <= 32;
  return k.mirroredMatches || k.exports.ngramMatches(maxOrder) === 0;
}

/** After `kernelNgramMatches`: the matches of n-grams of `order` tokens (1-based). */
export function kernelMatches(order: number): number {
  const k = loaded();
  return k.mirroredMatches ? Math.max(0, k.output.count - order + 1) : (k.results[3 + order] as number);
}

/** The normalised text of a side after `kernelTokenize`: its tokens joined by single spaces. */
export function kernelNormalizedText(side: 0 | 1): string {
  const k = loaded();
  const from = side === 1 && k.mirrored ? 0 : side;
  const length = k.results[2 + from] as number;
  return Buffer.from(k.exports.memory.buffer, k.exports.normalizedOffset(from), length).toString("latin1");
}
