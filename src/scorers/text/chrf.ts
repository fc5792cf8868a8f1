import { TuneopsError } from "../../spec/errors.js";
import type { ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";
import { segmentReferences, sumStatistics } from "./bleu.js";
import { pythonSplit, removePythonWhitespace } from "./python-text.js";

/**
 * chrF (Popović 2015) and chrF++ (Popović 2017) as sacrebleu 2.x computes them (`sacrebleu.metrics.
 * chrf.CHRF`): character n-grams of orders 1..charOrder over the text without whitespace, plus word
 * n-grams of orders 1..wordOrder (chrF++ uses 2) after splitting punctuation off word edges; per order
 * precision and recall, averaged over the orders both sides have n-grams of ("effective order", the
 * default) and combined as F-beta (beta 2: recall weighs more). 0-100.
 */
export interface ChrfOptions {
  /** Default 6. */
  charOrder?: number;
  /** Default 0 (chrF); 2 gives chrF++. */
  wordOrder?: number;
  /** Default 2. */
  beta?: number;
  /** Default false. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. Default false (whitespace removed). */
  whitespace?: boolean;
  /** chrF++.py's epsilon smoothing instead of sacrebleu's effective order. Default false. */
  epsSmoothing?: boolean;
}

/** Python's `string.punctuation`, split off the start or end of a word for chrF++. */
const asciiPunctuation = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** sacrebleu's `_remove_punctuation`: one punctuation mark comes off the end, or else off the start. */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const word of pythonSplit(text)) {
    const characters = Array.from(word);
    if (characters.length === 1) {
      words.push(word);
    } else if (asciiPunctuation.has(characters[characters.length - 1] as string)) {
      words.push(characters.slice(0, -1).join(""), characters[characters.length - 1] as string);
    } else if (asciiPunctuation.has(characters[0] as string)) {
      words.push(characters[0] as string, characters.slice(1).join(""));
    } else {
      words.push(word);
    }
  }
  return words;
}

/** Counts of the n-grams of each order 1..maxOrder over `units`, joined by `separator`. */
function ngramCountsByOrder(units: readonly string[], maxOrder: number, separator: string): Map<string, number>[] {
  const byOrder = Array.from({ length: maxOrder }, () => new Map<string, number>());
  for (let start = 0; start < units.length; start++) {
    let key = "";
    for (let n = 1; n <= maxOrder && start + n <= units.length; n++) {
      key = n === 1 ? (units[start] as string) : key + separator + (units[start + n - 1] as string);
      const counts = byOrder[n - 1] as Map<string, number>;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return byOrder;
}

function extractNgrams(text: string, options: Required<ChrfOptions>): Map<string, number>[] {
  const prepared = options.lowercase ? text.toLowerCase() : text;
  const characters = Array.from(options.whitespace ? prepared : removePythonWhitespace(prepared));
  const orders = ngramCountsByOrder(characters, options.charOrder, "");
  if (options.wordOrder > 0) orders.push(...ngramCountsByOrder(wordsOf(prepared), options.wordOrder, " "));
  return orders;
}

function withDefaults(options: ChrfOptions): Required<ChrfOptions> {
  return {
    charOrder: options.charOrder ?? 6,
    wordOrder: options.wordOrder ?? 0,
    beta: options.beta ?? 2,
    lowercase: options.lowercase ?? false,
    whitespace: options.whitespace ?? false,
    epsSmoothing: options.epsSmoothing ?? false,
  };
}

/** chrF from (summed) statistics `[hyp, ref, match]` per order (character orders, then word orders), 0-100. */
export function chrfFromStatistics(stats: ArrayLike<number>, options: ChrfOptions = {}): number {
  const settings = withDefaults(options);
  const orders = settings.charOrder + settings.wordOrder;
  if (stats.length !== 3 * orders) throw new TuneopsError({ code: "input_invalid", message: `chrF statistics must have ${3 * orders} numbers, got ${stats.length}` });
  const epsilon = 1e-16;
  const factor = settings.beta ** 2;
  let epsScore = 0;
  let precisionSum = 0;
  let recallSum = 0;
  let effectiveOrder = 0;
  for (let order = 0; order < orders; order++) {
    const hypothesis = stats[3 * order] as number;
    const reference = stats[3 * order + 1] as number;
    const match = stats[3 * order + 2] as number;
    const precision = hypothesis > 0 ? match / hypothesis : epsilon;
    const recall = reference > 0 ? match / reference : epsilon;
    const denominator = factor * precision + recall;
    epsScore += denominator > 0 ? ((1 + factor) * precision * recall) / denominator : epsilon;
    if (hypothesis > 0 && reference > 0) {
      precisionSum += precision;
      recallSum += recall;
      effectiveOrder++;
    }
  }
  if (settings.epsSmoothing) return (100 * epsScore) / orders;
  if (effectiveOrder === 0) return 0;
  const precision = precisionSum / effectiveOrder;
  const recall = recallSum / effectiveOrder;
  if (precision + recall === 0) return 0;
  return (100 * (1 + factor) * precision * recall) / (factor * precision + recall);
}

/**
 * One segment's statistics against the best of its references (highest chrF, the first on ties), as
 * sacrebleu picks them. An empty reference is a zero-length reference (sacrebleu since 2.2); a segment
 * without any reference is an error.
 */
export function chrfStatistics(hypothesis: string, references: readonly string[], options: ChrfOptions = {}): number[] {
  const settings = withDefaults(options);
  if (references.length === 0) {
    throw new TuneopsError({ code: "input_invalid", message: "chrF needs at least one reference", hint: "Fill the case's expected value (or the scorer's `value`)." });
  }
  const hypothesisNgrams = extractNgrams(hypothesis, settings);
  let best: number[] = [];
  let bestScore = -1;
  for (const reference of references) {
    const referenceNgrams = extractNgrams(reference, settings);
    const stats: number[] = [];
    hypothesisNgrams.forEach((hypothesisCounts, order) => {
      const referenceCounts = referenceNgrams[order] as Map<string, number>;
      let hypothesisTotal = 0;
      let match = 0;
      for (const [ngram, count] of hypothesisCounts) {
        hypothesisTotal += count;
        const referenceCount = referenceCounts.get(ngram);
        if (referenceCount !== undefined) match += Math.min(count, referenceCount);
      }
      let referenceTotal = 0;
      for (const count of referenceCounts.values()) referenceTotal += count;
      // sacrebleu counts no hypothesis n-grams of an order the reference has none of.
      stats.push(referenceCounts.size > 0 ? hypothesisTotal : 0, referenceTotal, match);
    });
    const score = chrfFromStatistics(stats, settings);
    if (score > bestScore) {
      bestScore = score;
      best = stats;
    }
  }
  return best;
}

/** sacrebleu's `sentence_chrf`, 0-100. */
export function sentenceChrf(hypothesis: string, references: readonly string[], options: ChrfOptions = {}): number {
  return chrfFromStatistics(chrfStatistics(hypothesis, references, options), options);
}

/** sacrebleu's `corpus_chrf` with parallel reference streams: statistics summed over segments, 0-100. */
export function corpusChrf(hypotheses: readonly string[], referenceStreams: readonly (readonly (string | undefined)[])[], options: ChrfOptions = {}): number {
  for (const stream of referenceStreams) {
    if (stream.length !== hypotheses.length) {
      throw new TuneopsError({ code: "input_invalid", message: `a reference stream has ${stream.length} segments for ${hypotheses.length} hypotheses` });
    }
  }
  const settings = withDefaults(options);
  const rows = hypotheses.map((hypothesis, index) => chrfStatistics(hypothesis, segmentReferences(referenceStreams, index), settings));
  return chrfFromStatistics(sumStatistics(rows, 3 * (settings.charOrder + settings.wordOrder)), settings);
}

/** `chrf`: per case, sentence chrF / 100 (threshold 0.5 by default); corpus chrF (0-100) from the summed statistics. */
export function createChrfScorer(config: ScorerConfigOf<"chrf">, options: ScorerFactoryOptions): ScorerV1 {
  const chrfOptions = withDefaults({ charOrder: config.char_order, wordOrder: config.word_order, beta: config.beta });
  const width = 3 * (chrfOptions.charOrder + chrfOptions.wordOrder);
  const name = `chrF${chrfOptions.beta}${"+".repeat(chrfOptions.wordOrder)}`;
  const references = createReferenceValues({ name: options.name, templates: config.value === undefined ? undefined : [config.value], render: options.render });
  const threshold = config.threshold ?? 0.5;
  return {
    ...scorerBase({ ...config, threshold }, options),
    corpusName: `${options.name} (corpus)`,
    score(input): ScoreOutcome {
      const stats = chrfStatistics(input.output, references(input), chrfOptions);
      const score = chrfFromStatistics(stats, chrfOptions);
      const value = Math.min(1, score / 100);
      return value >= threshold ? { score: value, stats } : { score: value, reason: `${name} ${score.toFixed(2)}`, stats };
    },
    corpus(stats) {
      return chrfFromStatistics(sumStatistics(stats, width), chrfOptions);
    },
    corpusOfSum(summed) {
      return chrfFromStatistics(summed, chrfOptions);
    },
  };
}
