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
 * texts over 64 KiB or 4,096 tokens, pairs over 65,536 token comparisons, 13a's rarer punctuation.
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

interface Kernels {
  exports: KernelExports;
  texts: [Uint8Array, Uint8Array];
  results: Int32Array;
  capacity: number;
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
  };
}

/**
 * Tokenizes `text` on `side` (0: the output, 1: a reference): SQuAD's normalisation, rouge-score's
 * tokenizer (without stemming) or sacrebleu's 13a (`lowercase` lowercases first). The token count, or -1.
 */
export function kernelTokenize(tokenizer: KernelTokenizer, side: 0 | 1, text: string, lowercase = false): number {
  kernels ??= load();
  if (text.length > kernels.capacity) return -1;
  // ASCII exactly when every character took one byte.
  const { read, written } = encoder.encodeInto(text, kernels.texts[side]);
  if (read !== text.length || written !== text.length) return -1;
  return kernels.exports.tokenize(tokenizerIds[tokenizer], side, written, lowercase ? 1 : 0);
}

/** Whether the two sides have the same tokens in the same order (for SQuAD: the same normalised text). */
export function kernelSameSequence(): boolean {
  return (kernels as Kernels).exports.sameSequence() === 1;
}

/** The tokens the two sides share, each counted at most as often as on either side; -1 when too many. */
export function kernelCommonTokens(): number {
  return (kernels as Kernels).exports.commonTokens();
}

/** The length of the longest common subsequence of the two sides' tokens; -1 when too many. */
export function kernelLcs(): number {
  return (kernels as Kernels).exports.lcs();
}

/**
 * Clipped n-gram matches of side 0 against side 1 for orders 1..maxOrder (at most 32), read with
 * `kernelMatches`; false when there are too many tokens.
 */
export function kernelNgramMatches(maxOrder: number): boolean {
  return (kernels as Kernels).exports.ngramMatches(maxOrder) === 0;
}

/** After `kernelNgramMatches`: the matches of n-grams of `order` tokens (1-based). */
export function kernelMatches(order: number): number {
  return (kernels as Kernels).results[3 + order] as number;
}

/** The normalised text of a side after `kernelTokenize`: its tokens joined by single spaces. */
export function kernelNormalizedText(side: 0 | 1): string {
  const loaded = kernels as Kernels;
  const length = loaded.results[2 + side] as number;
  return Buffer.from(loaded.exports.memory.buffer, loaded.exports.normalizedOffset(side), length).toString("latin1");
}
