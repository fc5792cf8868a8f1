import { isPythonWhitespace, pythonSplit } from "./python-text.js";

/**
 * sacrebleu's BLEU tokenizers, reproduced. The `tokenize*` functions return the tokens joined by single
 * spaces, as sacrebleu's `tokenizer(line)` does; `bleuTokenSplitters` return the token lists directly
 * (what BLEU counts), skipping a join and a second split on the hot path.
 */

export const bleuTokenizerNames = ["13a", "intl", "char", "none"] as const;
export type BleuTokenizerName = (typeof bleuTokenizerNames)[number];

// mteval-v13a's language-dependent part, as sacrebleu's TokenizerRegexp applies it (in this order):
// pad the ASCII symbols {-~ [-` space-& (-+ :-@ and /; then periods and commas unless a digit is on
// the relevant side; then a dash after a digit. Two deliberate departures in form, not in result:
// the space is left out of the symbol class (padding a space with spaces changes no token, and it
// made the pass four times slower), and the patterns are ASCII-only without the `u` flag (they can
// only insert spaces next to an ASCII character, so surrogate pairs stay whole).
const asciiSymbols = /([\x21-\x26\x28-\x2b\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])/g;
const periodOrCommaAfterNonDigit = /([^0-9])([.,])/g;
const periodOrCommaBeforeNonDigit = /([.,])([^0-9])/g;
const dashAfterDigit = /([0-9])(-)/g;

/** ASCII punctuation other than the apostrophe and the dash: a word without any, and without a dash after a digit, is one token. */
const punctuationOtherThanApostropheOrDash = /[\x21-\x26\x28-\x2c\x2e\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/;
const digitDash = /[0-9]-/;

/** The characters 13a pads with spaces: ASCII punctuation but the apostrophe, comma, dash and period. */
function isAsciiSymbol(code: number): boolean {
  return (code >= 0x21 && code <= 0x26) || (code >= 0x28 && code <= 0x2b) || code === 0x2f || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}

function isSymbolPeriodOrComma(code: number): boolean {
  return code === 0x2e || code === 0x2c || isAsciiSymbol(code);
}

function untouchedBy13a(word: string): boolean {
  return !punctuationOtherThanApostropheOrDash.test(word) && !(word.includes("-") && digitDash.test(word));
}

/**
 * The tokens of sacrebleu's default `13a` tokenizer (mteval-v13a.pl, as used by WMT). The patterns
 * only ever act within a whitespace-separated word and its two neighbouring spaces (no match can
 * need a space another match consumed), so each word is tokenized on its own, and the common shapes
 * (no punctuation, one final period or comma) skip the patterns: the same result as the whole-line
 * passes (checked against a literal transcription in the tests), several times faster.
 */
export function tokens13a(line: string): string[] {
  const fast = asciiTokens13a(line);
  if (fast !== undefined) return fast;
  let text = line;
  if (text.includes("<skipped>")) text = text.replaceAll("<skipped>", "");
  if (text.includes("\n")) text = text.replaceAll("-\n", "").replaceAll("\n", " ");
  if (text.includes("&")) text = text.replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
  const tokens: string[] = [];
  for (const word of pythonSplit(text)) {
    if (untouchedBy13a(word)) tokens.push(word);
    else pushPunctuatedWord13a(word, tokens);
  }
  return tokens;
}

// What each code unit below 0x80 is to the one-pass 13a: part of a plain word, Python whitespace (a
// newline is not: 13a rewrites it first), punctuation other than ' and - (the word needs the rules), a
// digit or a dash (a dash after a digit needs them too), or a character of a line-level rewrite.
const wordCharacter = 0;
const space = 1;
const punctuation = 2;
const digit = 3;
const dash = 4;
const rewrite = 5;
const asciiClass13a = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (code === 0x0a || code === 0x26 || code === 0x3c) asciiClass13a[code] = rewrite;
  else if (code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d || (code >= 0x1c && code <= 0x1f)) asciiClass13a[code] = space;
  else if (code === 0x2c || code === 0x2e || isAsciiSymbol(code)) asciiClass13a[code] = punctuation;
  else if (code >= 0x30 && code <= 0x39) asciiClass13a[code] = digit;
  else if (code === 0x2d) asciiClass13a[code] = dash;
  else asciiClass13a[code] = wordCharacter;
}

/**
 * `tokens13a` in one pass over the character codes for ASCII lines without a newline, "&" or "<"
 * (the characters of the line-level rewrites); undefined for other lines. Words are split on Python
 * whitespace and tested for punctuation in the same pass, so a plain word costs one slice.
 */
function asciiTokens13a(line: string): string[] | undefined {
  const tokens: string[] = [];
  let start = -1;
  let plain = true;
  let previous = space;
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code >= 0x80) return undefined;
    const kind = asciiClass13a[code] as number;
    if (kind === space) {
      if (start >= 0) {
        const word = line.slice(start, index);
        if (plain) tokens.push(word);
        else pushPunctuatedWord13a(word, tokens);
        start = -1;
      }
    } else {
      if (start < 0) {
        start = index;
        plain = true;
      }
      if (kind === punctuation || (kind === dash && previous === digit)) plain = false;
      else if (kind === rewrite) return undefined;
    }
    previous = kind;
  }
  if (start >= 0) {
    const word = line.slice(start);
    if (plain) tokens.push(word);
    else pushPunctuatedWord13a(word, tokens);
  }
  return tokens;
}

/** The tokens of one whitespace-separated word that `untouchedBy13a` rejects. */
function pushPunctuatedWord13a(word: string, tokens: string[]): void {
  // The common shapes: a plain core with ASCII symbols before it and symbols, periods or commas
  // after it ("(word", "word.", "word);"). 13a separates each of those characters (symbols are padded;
  // a period or comma is split off after a non-digit by one rule, before the padding space by the
  // other), so they become tokens one by one.
  let start = 0;
  while (start < word.length && isAsciiSymbol(word.charCodeAt(start))) start++;
  let end = word.length;
  while (end > start && isSymbolPeriodOrComma(word.charCodeAt(end - 1))) end--;
  const core = word.slice(start, end);
  if (core.length > 0 && untouchedBy13a(core)) {
    for (let index = 0; index < start; index++) tokens.push(word[index] as string);
    tokens.push(core);
    for (let index = end; index < word.length; index++) tokens.push(word[index] as string);
    return;
  }
  let padded = ` ${word} `.replace(asciiSymbols, " $1 ");
  if (padded.includes(".") || padded.includes(",")) padded = padded.replace(periodOrCommaAfterNonDigit, "$1 $2 ").replace(periodOrCommaBeforeNonDigit, " $1 $2");
  if (padded.includes("-")) padded = padded.replace(dashAfterDigit, "$1 $2 ");
  for (const token of pythonSplit(padded)) tokens.push(token);
}

// mteval-v14's international tokenization as sacrebleu's `intl`: punctuation (Unicode category P) is
// split off unless it sits between digits (a thousands or decimal separator); symbols (category S)
// are always split off. A year followed by a final period keeps the period, as in mteval-v14.
const punctuationAfterNonNumber = /(\P{N})(\p{P})/gu;
const punctuationBeforeNonNumber = /(\p{P})(\P{N})/gu;
const symbol = /(\p{S})/gu;

/** The tokens of sacrebleu's `intl` tokenizer. */
export function tokensIntl(line: string): string[] {
  return pythonSplit(line.replace(punctuationAfterNonNumber, "$1 $2 ").replace(punctuationBeforeNonNumber, " $1 $2").replace(symbol, " $1 "));
}

/** The tokens of sacrebleu's `char` tokenizer: every character (code point) but whitespace. */
export function tokensChar(line: string): string[] {
  return Array.from(line).filter((character) => !isPythonWhitespace(character.codePointAt(0) as number));
}

/** The tokens of sacrebleu's `none` tokenizer: whitespace-separated words. */
export function tokensNone(line: string): string[] {
  return pythonSplit(line);
}

/** sacrebleu's `13a` tokenizer. */
export function tokenize13a(line: string): string {
  return tokens13a(line).join(" ");
}

/** sacrebleu's `intl` tokenizer. */
export function tokenizeIntl(line: string): string {
  return tokensIntl(line).join(" ");
}

/** sacrebleu's `char` tokenizer: every character separated by a space (as sacrebleu, whitespace included). */
export function tokenizeChar(line: string): string {
  return Array.from(line).join(" ");
}

/** sacrebleu's `none` tokenizer: the segment as it is. */
export function tokenizeNone(line: string): string {
  return line;
}

export const bleuTokenSplitters: Readonly<Record<BleuTokenizerName, (line: string) => string[]>> = {
  "13a": tokens13a,
  intl: tokensIntl,
  char: tokensChar,
  none: tokensNone,
};
