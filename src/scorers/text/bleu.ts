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
  for (let index = 0; index < recentTexts.length; index++) {
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
 * closest reference length]` (N = maxOrder). Empty references are ignored, as sacrebleu does for
 * variable numbers of references; a segment with no non-empty reference is an error.
 */
export function bleuStatistics(hypothesis: string, references: readonly string[], options: BleuOptions = {}): number[] {
  const maxOrder = options.maxOrder ?? 4;
  const tokenize = bleuTokenSplitters[options.tokenize ?? "13a"];
  const lowercase = options.lowercase ?? false;
  const kept = references.filter((reference) => reference !== "");
  if (kept.length === 0) {
    throw new TuneopsError({ code: "input_invalid", message: "BLEU needs at least one non-empty reference", hint: "Fill the case's expected value (or the scorer's `value`)." });
  }
  const hypothesisTokens = recentPreprocessed(hypothesis, tokenize, lowercase);
  const referenceTokens = kept.map((reference) => recentPreprocessed(reference, tokenize, lowercase));

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

  const matches = countMatches(hypothesisTokens, referenceTokens, maxOrder);
  const stats = new Array<number>(2 * maxOrder + 2).fill(0);
  for (let order = 0; order < maxOrder; order++) {
    stats[order] = matches[order] as number;
    stats[maxOrder + order] = Math.max(0, hypLength - order);
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

/** BLEU from (summed) statistics laid out as `bleuStatistics` returns them: sacrebleu's `compute_bleu`. */
export function bleuFromStatistics(stats: readonly number[], options: BleuOptions = {}): BleuScore {
  const maxOrder = options.maxOrder ?? 4;
  if (stats.length !== 2 * maxOrder + 2) {
    throw new TuneopsError({ code: "input_invalid", message: `BLEU statistics must have ${2 * maxOrder + 2} numbers for order ${maxOrder}, got ${stats.length}` });
  }
  const smooth = options.smooth ?? "exp";
  const smoothValue = options.smoothValue ?? smoothDefaults[smooth];
  const effectiveOrder = options.effectiveOrder ?? false;
  const counts = stats.slice(0, maxOrder);
  const totals = stats.slice(maxOrder, 2 * maxOrder);
  const hypLength = stats[2 * maxOrder] as number;
  const refLength = stats[2 * maxOrder + 1] as number;

  const bp = hypLength < refLength ? (hypLength > 0 ? Math.exp(1 - refLength / hypLength) : 0) : 1;
  const ratio = refLength > 0 ? hypLength / refLength : 0;
  const precisions = new Array<number>(maxOrder).fill(0);
  const result = (score: number): BleuScore => ({ score, precisions, bp, ratio, hypLength, refLength, counts, totals });
  // No match at all: 0 whatever the smoothing (sacrebleu #141).
  if (counts.every((count) => count === 0)) return result(0);

  let smoothExp = 1;
  let order = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (smooth === "add-k" && n > 1) {
      counts[n - 1] = (counts[n - 1] as number) + smoothValue;
      totals[n - 1] = (totals[n - 1] as number) + smoothValue;
    }
    const total = totals[n - 1] as number;
    const correct = counts[n - 1] as number;
    if (total === 0) break;
    if (effectiveOrder) order = n;
    if (correct === 0) {
      if (smooth === "exp") {
        smoothExp *= 2;
        precisions[n - 1] = 100 / (smoothExp * total);
      } else if (smooth === "floor") {
        precisions[n - 1] = (100 * smoothValue) / total;
      }
    } else {
      precisions[n - 1] = (100 * correct) / total;
    }
  }
  let logSum = 0;
  for (let n = 0; n < order; n++) {
    const precision = precisions[n] as number;
    logSum += precision === 0 ? logOfZero : Math.log(precision);
  }
  return result(bp * Math.exp(logSum / order));
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

/**
 * sacrebleu's `corpus_bleu(hypotheses, references)`: `referenceStreams` are parallel streams (the first
 * reference of every segment, then the second, ...), an empty string marking a missing reference.
 * The statistics are summed over segments before BLEU is computed: corpus BLEU is not a mean.
 */
export function corpusBleu(hypotheses: readonly string[], referenceStreams: readonly (readonly string[])[], options: BleuOptions = {}): BleuScore {
  for (const stream of referenceStreams) {
    if (stream.length !== hypotheses.length) {
      throw new TuneopsError({ code: "input_invalid", message: `a reference stream has ${stream.length} segments for ${hypotheses.length} hypotheses` });
    }
  }
  const rows = hypotheses.map((hypothesis, index) => bleuStatistics(hypothesis, referenceStreams.map((stream) => stream[index] ?? ""), options));
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
    corpusName: "bleu (corpus)",
    score(input): ScoreOutcome {
      const stats = bleuStatistics(input.output, references(input), bleuOptions);
      const sentence = bleuFromStatistics(stats, sentenceOptions);
      // exp(log(100)) is 100.00000000000004: keep the score within [0, 1].
      const score = Math.min(1, sentence.score / 100);
      // Reasons explain failures; a pass needs none (and storing one per case costs space and time).
      return score >= threshold ? { score, stats } : { score, reason: `sentence BLEU ${formatBleu(sentence)}`, stats };
    },
    corpus(stats) {
      return bleuFromStatistics(sumStatistics(stats, 10), corpusOptions).score;
    },
  };
}
