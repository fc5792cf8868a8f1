import { pythonSplit } from "./python-text.js";

/**
 * sacrebleu's BLEU tokenizers, reproduced: each takes one segment and returns the tokens joined by
 * single spaces (the caller splits on whitespace), exactly as sacrebleu's `tokenizer(line)` does.
 * The regular expressions are compiled once, here.
 */

export const bleuTokenizerNames = ["13a", "intl", "char", "none"] as const;
export type BleuTokenizerName = (typeof bleuTokenizerNames)[number];

// mteval-v13a's language-dependent part, as sacrebleu's TokenizerRegexp applies it (in this order):
// separate the symbols in the ASCII ranges {-~ [-` space-& (-+ :-@ and /; then periods and commas
// unless next to a digit on the relevant side; then a dash after a digit.
const asciiSymbols = /([\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40\x2f])/gu;
const periodOrCommaAfterNonDigit = /([^0-9])([.,])/gu;
const periodOrCommaBeforeNonDigit = /([.,])([^0-9])/gu;
const dashAfterDigit = /([0-9])(-)/gu;

function joinWords(line: string): string {
  // Python's ' '.join(line.split()), with Python's whitespace set.
  return pythonSplit(line).join(" ");
}

/** sacrebleu's default `13a` tokenizer (mteval-v13a.pl, as used by WMT). */
export function tokenize13a(line: string): string {
  let text = line.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
  if (text.includes("&")) text = text.replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
  text = ` ${text} `;
  text = text.replace(asciiSymbols, " $1 ");
  text = text.replace(periodOrCommaAfterNonDigit, "$1 $2 ");
  text = text.replace(periodOrCommaBeforeNonDigit, " $1 $2");
  text = text.replace(dashAfterDigit, "$1 $2 ");
  return joinWords(text);
}

// mteval-v14's international tokenization as sacrebleu's `intl`: punctuation (Unicode category P) is
// split off unless it sits between digits (a thousands or decimal separator); symbols (category S)
// are always split off. A year followed by a final period keeps the period, as in mteval-v14.
const punctuationAfterNonNumber = /(\P{N})(\p{P})/gu;
const punctuationBeforeNonNumber = /(\p{P})(\P{N})/gu;
const symbol = /(\p{S})/gu;

/** sacrebleu's `intl` tokenizer. */
export function tokenizeIntl(line: string): string {
  const text = line.replace(punctuationAfterNonNumber, "$1 $2 ").replace(punctuationBeforeNonNumber, " $1 $2").replace(symbol, " $1 ");
  return joinWords(text);
}

/** sacrebleu's `char` tokenizer: every character (code point) is a token. */
export function tokenizeChar(line: string): string {
  return Array.from(line).join(" ");
}

/** sacrebleu's `none` tokenizer: the segment as it is (split on whitespace only). */
export function tokenizeNone(line: string): string {
  return line;
}

export const bleuTokenizers: Readonly<Record<BleuTokenizerName, (line: string) => string>> = {
  "13a": tokenize13a,
  intl: tokenizeIntl,
  char: tokenizeChar,
  none: tokenizeNone,
};
