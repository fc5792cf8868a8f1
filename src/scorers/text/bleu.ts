import { TuneopsError } from "../../spec/errors.js";
import type { ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";
import { bleuTokenSplitters, type BleuTokenizerName } from "./bleu-tokenizers.js";
import { clippedMatches, clippedMatchesByText, clippedMatchesShort, TokenIds } from "./ngram-matches.js";
import { isPythonWhitespace, pythonRstrip } from "./python-text.js";

export { bleuTokenizerNames, tokenize13a, tokenizeChar, tokenizeIntl, tokenizeNone, type BleuTokenizerName } from "./bleu-tokenizers.js";

/**
 * BLEU as sacrebleu 2.x computes it (`sacrebleu.metrics.bleu`): clipped n-gram precisions of orders
 * 1..4 against the per-n-gram maximum count over the references, the brevity penalty against the
 * reference length closest to the hypothesis (ties: the shorter), and sacrebleu's smoothing methods
 * (Chen & Cherry 2014: `floor` = method 1, `add-k` = method 2, `exp` = method 3, as mteval-v13a).
 */
export type BleuSmoothing = "exp" | "floor" | "add-k" | "none";

export interface BleuOptions {
  /** Default `13a`. */
  tokenize?: BleuTokenizerName;
  /** Lowercase both sides before tokenizing (sacrebleu `-lc`). Default false. */
  lowercase?: boolean;
  /** Default `exp`. */
  smooth?: BleuSmoothing;
  /** For `floor` (default 0.1) and `add-k` (default 1). */
  smoothValue?: number;
  /** Highest n-gram order. Default 4. */
  maxOrder?: number;
  /**
   * Average only the orders the hypothesis has n-grams of (sacrebleu's `effective_order`). Default
   * true for `sentenceBleu`, false for `corpusBleu` and `bleuFromStatistics`, as in sacrebleu.
   */
  effectiveOrder?: boolean;
}

export interface BleuScore {
  /** BLEU on sacrebleu's 0-100 scale. */
  score: number;
  /** Per-order precisions, 0-100 (after smoothing), as sacrebleu prints them. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** Hypothesis length / reference length (0 when the reference length is 0). */
  ratio: number;
  hypLength: number;
  refLength: number;
  /** Matched n-grams per order. */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
}

const smoothDefaults: Readonly<Record<BleuSmoothing, number>> = { exp: 0, floor: 0.1, "add-k": 1, none: 0 };
/** sacrebleu's `my_log(0)`: a large negative number instead of -inf, so a zero precision yields 0. */
const logOfZero = -9999999999;

function preprocess(text: string, tokens: (line: string) => string[], lowercase: boolean): string[] {
  const line = lowercase ? text.toLowerCase() : text;
  // Most lines end in a non-space: skip the regular expression for them.
  return tokens(isPythonWhitespace(line.charCodeAt(line.length - 1)) ? pythonRstrip(line) : line);
}

// An output often equals its reference, and a reference recurs over a run: the tokens of the last few
// texts are kept (shared, never modified), with the settings that produced them.
const recentLimit = 4;
const recentTexts: string[] = [];
const recentSettings: ((line: string) => string[])[] = [];
const recentLowercase: boolean[] = [];
const recentTokens: (readonly string[])[] = [];
let nextSlot = 0;

function recentPreprocessed(text: string, tokens: (line: string) => string[], lowercase: boolean): readonly string[] {
  // Newest first: a reference equal to the output just tokenized is found at the first comparison.
  for (let step = 1; step <= recentTexts.length; step++) {
    const index = (nextSlot - step + recentLimit) % recentLimit;
    if (recentTexts[index] === text && recentSettings[index] === tokens && recentLowercase[index] === lowercase) return recentTokens[index] as readonly string[];
  }
  const result = preprocess(text, tokens, lowercase);
  recentTexts[nextSlot] = text;
  recentSettings[nextSlot] = tokens;
  recentLowercase[nextSlot] = lowercase;
  recentTokens[nextSlot] = result;
  nextSlot = (nextSlot + 1) % recentLimit;
  return result;
}

/**
 * One segment's sufficient statistics, laid out as `[matches 1..N, totals 1..N, hypothesis length,
 * closest reference length]` (N = maxOrder). An empty reference is a zero-length reference, as in
 * sacrebleu since 2.2 (checked against 2.6.0); a segment without any reference is an error.
 */
export function bleuStatistics(hypothesis: string, references: readonly string[], options: BleuOptions = {}): number[] {
  const maxOrder = options.maxOrder ?? 4;
  const tokenize = bleuTokenSplitters[options.tokenize ?? "13a"];
  const lowercase = options.lowercase ?? false;
  const hypothesisTokens = recentPreprocessed(hypothesis, tokenize, lowercase);
  const referenceTokens: (readonly string[])[] = [];
  for (const reference of references) referenceTokens.push(recentPreprocessed(reference, tokenize, lowercase));
  if (referenceTokens.length === 0) {
    throw new TuneopsError({ code: "input_invalid", message: "BLEU needs at least one reference", hint: "Fill the case's expected value (or the scorer's `value`)." });
  }

  let refLength = -1;
  let closestDiff = -1;
  const hypLength = hypothesisTokens.length;
  for (const tokens of referenceTokens) {
    const diff = Math.abs(hypLength - tokens.length);
    if (closestDiff === -1 || diff < closestDiff || (diff === closestDiff && tokens.length < refLength)) {
      closestDiff = diff;
      refLength = tokens.length;
    }
  }

  const stats = new Array<number>(2 * maxOrder + 2).fill(0);
  for (let order = 0; order < maxOrder; order++) stats[maxOrder + order] = Math.max(0, hypLength - order);
  if (referenceTokens.length === 1 && referenceTokens[0] === hypothesisTokens) {
    // The same text (the same cached tokens): every n-gram matches, so the matches are the totals.
    for (let order = 0; order < maxOrder; order++) stats[order] = stats[maxOrder + order] as number;
  } else {
    const matches = countMatches(hypothesisTokens, referenceTokens, maxOrder);
    for (let order = 0; order < maxOrder; order++) stats[order] = matches[order] as number;
  }
  stats[2 * maxOrder] = hypLength;
  stats[2 * maxOrder + 1] = refLength;
  return stats;
}

function countMatches(hypothesis: readonly string[], references: readonly (readonly string[])[], maxOrder: number): number[] {
  const only = references[0];
  if (references.length === 1 && only !== undefined && only.length <= 32 && maxOrder <= 32) return clippedMatchesShort(hypothesis, only, maxOrder);
  const vocabulary = new TokenIds();
  const hypothesisIds = vocabulary.encode(hypothesis);
  const referenceIds = references.map((tokens) => vocabulary.encode(tokens));
  const base = vocabulary.base(maxOrder);
  return base === undefined ? clippedMatchesByText(hypothesis, references, maxOrder) : clippedMatches({ hypothesis: hypothesisIds, references: referenceIds, maxOrder, base });
}

/** BLEU's brevity penalty: exp(1 - r/c) for a hypothesis shorter than its reference, else 1. */
function brevityPenalty(hypLength: number, refLength: number): number {
  return hypLength < refLength ? (hypLength > 0 ? Math.exp(1 - refLength / hypLength) : 0) : 1;
}

/**
 * sacrebleu's `compute_bleu` on statistics laid out as `bleuStatistics` returns them: the score
 * (0-100), with the per-order precisions written to `precisions` when given. It allocates nothing, so
 * the per-case scorer and the corpus bootstrap call it directly; `bleuFromStatistics` adds the details.
 */
function computeBleu(stats: ArrayLike<number>, maxOrder: number, smooth: BleuSmoothing, smoothValue: number, effectiveOrder: boolean, precisions?: number[]): number {
  let anyMatch = false;
  for (let n = 0; n < maxOrder && !anyMatch; n++) anyMatch = stats[n] !== 0;
  // No match at all: 0 whatever the smoothing (sacrebleu #141).
  if (!anyMatch) return 0;
  const hypLength = stats[2 * maxOrder] as number;
  const refLength = stats[2 * maxOrder + 1] as number;
  const bp = brevityPenalty(hypLength, refLength);
  let smoothExp = 1;
  let order = maxOrder;
  let computed = 0;
  let logSum = 0;
  for (let n = 1; n <= maxOrder; n++) {
    let total = stats[maxOrder + n - 1] as number;
    let correct = stats[n - 1] as number;
    if (smooth === "add-k" && n > 1) {
      correct += smoothValue;
      total += smoothValue;
    }
    if (total === 0) break;
    if (effectiveOrder) order = n;
    let precision = 0;
    if (correct === 0) {
      if (smooth === "exp") {
        smoothExp *= 2;
        precision = 100 / (smoothExp * total);
      } else if (smooth === "floor") {
        precision = (100 * smoothValue) / total;
      }
    } else {
      precision = (100 * correct) / total;
    }
    if (precisions !== undefined) precisions[n - 1] = precision;
    computed = n;
    logSum += precision === 0 ? logOfZero : Math.log(precision);
  }
  // Orders past the last one with n-grams have precision 0 (unless the order is effective).
  for (let n = computed; n < order; n++) logSum += logOfZero;
  return bp * Math.exp(logSum / order);
}

function checkWidth(stats: ArrayLike<number>, options: BleuOptions): number {
  const maxOrder = options.maxOrder ?? 4;
  if (stats.length !== 2 * maxOrder + 2) {
    throw new TuneopsError({ code: "input_invalid", message: `BLEU statistics must have ${2 * maxOrder + 2} numbers for order ${maxOrder}, got ${stats.length}` });
  }
  return maxOrder;
}

/** BLEU from (summed) statistics laid out as `bleuStatistics` returns them: sacrebleu's `compute_bleu`. */
export function bleuFromStatistics(stats: readonly number[], options: BleuOptions = {}): BleuScore {
  const maxOrder = checkWidth(stats, options);
  const smooth = options.smooth ?? "exp";
  const smoothValue = options.smoothValue ?? smoothDefaults[smooth];
  const counts = stats.slice(0, maxOrder);
  const totals = stats.slice(maxOrder, 2 * maxOrder);
  const hypLength = stats[2 * maxOrder] as number;
  const refLength = stats[2 * maxOrder + 1] as number;
  const bp = brevityPenalty(hypLength, refLength);
  const ratio = refLength > 0 ? hypLength / refLength : 0;
  const precisions = new Array<number>(maxOrder).fill(0);
  const score = computeBleu(stats, maxOrder, smooth, smoothValue, options.effectiveOrder ?? false, precisions);
  // sacrebleu reports the counts and totals of orders 2 and up with add-k's k added (when anything matched).
  if (smooth === "add-k" && counts.some((count) => count !== 0) && (totals[0] as number) !== 0) {
    for (let n = 1; n < maxOrder; n++) {
      counts[n] = (counts[n] as number) + smoothValue;
      totals[n] = (totals[n] as number) + smoothValue;
      if (totals[n] === 0) break;
    }
  }
  return { score, precisions, bp, ratio, hypLength, refLength, counts, totals };
}

/** The score alone (0-100): `bleuFromStatistics(stats, options).score`, without building the details. */
export function bleuScoreFromStatistics(stats: ArrayLike<number>, options: BleuOptions = {}): number {
  const maxOrder = checkWidth(stats, options);
  const smooth = options.smooth ?? "exp";
  return computeBleu(stats, maxOrder, smooth, options.smoothValue ?? smoothDefaults[smooth], options.effectiveOrder ?? false);
}

/** sacrebleu's `sentence_bleu`: effective order on, `exp` smoothing and `13a` by default. */
export function sentenceBleu(hypothesis: string, references: readonly string[], options: BleuOptions = {}): BleuScore {
  return bleuFromStatistics(bleuStatistics(hypothesis, references, options), { ...options, effectiveOrder: options.effectiveOrder ?? true });
}

/** Adds per-segment statistics element-wise. */
export function sumStatistics(rows: readonly (readonly number[])[], width: number): number[] {
  const sum = new Array<number>(width).fill(0);
  for (const row of rows) {
    if (row.length !== width) throw new TuneopsError({ code: "input_invalid", message: `statistics rows must have ${width} numbers, got ${row.length}` });
    for (let index = 0; index < width; index++) sum[index] = (sum[index] as number) + (row[index] as number);
  }
  return sum;
}

/** The references of segment `index` across parallel streams, the missing ones (`undefined`) left out. */
export function segmentReferences(referenceStreams: readonly (readonly (string | undefined)[])[], index: number): string[] {
  const references: string[] = [];
  for (const stream of referenceStreams) {
    const reference = stream[index];
    if (reference !== undefined) references.push(reference);
  }
  return references;
}

/**
 * sacrebleu's `corpus_bleu(hypotheses, references)`: `referenceStreams` are parallel streams (the first
 * reference of every segment, then the second, ...), `undefined` marking a missing reference (sacrebleu's
 * `None`); an empty string is a zero-length reference.
 * The statistics are summed over segments before BLEU is computed: corpus BLEU is not a mean.
 */
export function corpusBleu(hypotheses: readonly string[], referenceStreams: readonly (readonly (string | undefined)[])[], options: BleuOptions = {}): BleuScore {
  for (const stream of referenceStreams) {
    if (stream.length !== hypotheses.length) {
      throw new TuneopsError({ code: "input_invalid", message: `a reference stream has ${stream.length} segments for ${hypotheses.length} hypotheses` });
    }
  }
  const rows = hypotheses.map((hypothesis, index) => bleuStatistics(hypothesis, segmentReferences(referenceStreams, index), options));
  return bleuFromStatistics(sumStatistics(rows, 2 * (options.maxOrder ?? 4) + 2), options);
}

/** sacrebleu's printed form: `48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)`. */
export function formatBleu(score: BleuScore): string {
  const precisions = score.precisions.map((precision) => precision.toFixed(1)).join("/");
  return `${score.score.toFixed(2)} ${precisions} (BP = ${score.bp.toFixed(3)} ratio = ${score.ratio.toFixed(3)} hyp_len = ${score.hypLength} ref_len = ${score.refLength})`;
}

/**
 * `bleu`: per case, sentence BLEU / 100 (so in [0, 1]; threshold 0.3 by default, i.e. sentence BLEU
 * 30); per-case statistics in `stats`, and the corpus BLEU (0-100) of a run from their sum.
 */
export function createBleuScorer(config: ScorerConfigOf<"bleu">, options: ScorerFactoryOptions): ScorerV1 {
  const bleuOptions: BleuOptions = { tokenize: config.tokenize ?? "13a", smooth: config.smooth ?? "exp", lowercase: config.lowercase ?? false };
  const sentenceOptions: BleuOptions = { ...bleuOptions, effectiveOrder: true };
  const corpusOptions: BleuOptions = { ...bleuOptions, effectiveOrder: false };
  const references = createReferenceValues({ name: options.name, templates: config.value === undefined ? undefined : [config.value], render: options.render });
  const threshold = config.threshold ?? 0.3;
  return {
    ...scorerBase({ ...config, threshold }, options),
    corpusName: `${options.name} (corpus)`,
    score(input): ScoreOutcome {
      const stats = bleuStatistics(input.output, references(input), bleuOptions);
      // exp(log(100)) is 100.00000000000004: keep the score within [0, 1].
      const score = Math.min(1, bleuScoreFromStatistics(stats, sentenceOptions) / 100);
      // Reasons explain failures; a pass needs none (and storing one per case costs space and time).
      if (score >= threshold) return { score, stats };
      return { score, reason: `sentence BLEU ${formatBleu(bleuFromStatistics(stats, sentenceOptions))}`, stats };
    },
    corpus(stats) {
      return bleuScoreFromStatistics(sumStatistics(stats, 10), corpusOptions);
    },
    corpusOfSum(summed) {
      return bleuScoreFromStatistics(summed, corpusOptions);
    },
  };
}
