// AssemblyScript source of src/scorers/text/text-kernels-wasm.ts (`npm run build:wasm` compiles it and
// writes that file; a test checks that the compiled module is the one of this source).
//
// The ASCII fast paths of the reference text metrics as WebAssembly: SQuAD normalisation, rouge-score's
// tokenizer and sacrebleu's 13a tokenizer, token multiset overlap, the longest common subsequence and
// clipped n-gram matches. An evaluation calls the metrics once per case; in JavaScript their first
// thousands of calls run before V8 has optimised them, and optimising them costs as much again on the
// engine's compiler threads. WebAssembly is compiled once, when the module loads, and runs at full speed
// from the first call. Each function here transcribes a JavaScript fast path of
// src/scorers/text/ (named at each one) and answers -1 where that path would hand over to the general
// one: the caller then computes the metric in JavaScript. The tests check both paths agree.
//
// Memory (fixed, never grown): two sides, A (the output) and B (a reference). For each: the input text
// as bytes, its normalised text (the tokens joined by single spaces) and its tokens (start and end in
// the normalised text, and an FNV-1a hash of the token).

const textCapacity: i32 = 65536; // bytes of input text per side
const maxTokens: i32 = 4096; // tokens per side
const maxCells: i32 = 65536; // tokens of A x tokens of B, for the pairwise comparisons

const textBase: usize = 0; // side s: textBase + s * textCapacity
const normalizedBase: usize = 131072; // side s: normalizedBase + s * 2 * textCapacity
const tokenBase: usize = 393216; // side s: tokenBase + s * 65536; 12 bytes a token
const equalBase: usize = 524288; // tokens of A x tokens of B, 1 where equal
const usedBase: usize = 589824; // one byte per token of B
const rowBase: usize = 655360; // two rows of (tokens of B + 1) i32 for the LCS
const resultBase: usize = 720896; // i32: token counts [0, 1], normalised lengths [2, 3], matches per order [4..]

const tokenizerSquad: i32 = 0;
const tokenizerRouge: i32 = 1;
const tokenizer13a: i32 = 2;

// The token being written: which side, and where.
let normalized: usize = 0;
let normalizedLength: i32 = 0;
let tokens: usize = 0;
let tokenCount: i32 = 0;
let tokenStart: i32 = -1;
let tokenHash: u32 = 0;

function begin(side: i32): void {
  normalized = normalizedBase + <usize>side * 2 * <usize>textCapacity;
  tokens = tokenBase + <usize>side * 65536;
  normalizedLength = 0;
  tokenCount = 0;
  tokenStart = -1;
}

/** Appends a byte to the open token, opening one (after a space, unless it is the first) if none is. */
function put(code: u32): void {
  if (tokenStart < 0) {
    if (normalizedLength > 0) {
      store<u8>(normalized + <usize>normalizedLength, 32);
      normalizedLength++;
    }
    tokenStart = normalizedLength;
    tokenHash = 2166136261;
  }
  store<u8>(normalized + <usize>normalizedLength, <u8>code);
  normalizedLength++;
  tokenHash = (tokenHash ^ code) * 16777619;
}

/** Closes the open token, if any; false when the side has no room for another token. */
function close(): bool {
  if (tokenStart < 0) return true;
  if (tokenCount >= maxTokens) return false;
  const entry = tokens + <usize>tokenCount * 12;
  store<i32>(entry, tokenStart);
  store<i32>(entry, normalizedLength, 4);
  store<u32>(entry, tokenHash, 8);
  tokenCount++;
  tokenStart = -1;
  return true;
}

/** Drops the open token and the space before it. */
function drop(): void {
  normalizedLength = tokenStart > 0 ? tokenStart - 1 : 0;
  tokenStart = -1;
}

function finish(side: i32): i32 {
  store<i32>(resultBase + <usize>side * 4, tokenCount);
  store<i32>(resultBase + 8 + <usize>side * 4, normalizedLength);
  return tokenCount;
}

function lower(code: u32): u32 {
  return code - 65 < 26 ? code + 32 : code;
}

// squad-normalize.ts, normalizeAsciiTokens: lowercase, drop string.punctuation, split on whitespace,
// drop the articles; a control character other than whitespace, or a non-ASCII byte, needs the
// regular expressions.
function squadTokens(text: usize, length: i32): i32 {
  for (let index = 0; index <= length; index++) {
    const code: u32 = index < length ? <u32>load<u8>(text + <usize>index) : 32;
    if (code - 48 < 10 || code - 97 < 26) put(code);
    else if (code - 65 < 26) put(code + 32);
    else if ((code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e)) continue;
    else if ((code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x20)) {
      if (tokenStart < 0) continue;
      if (isArticle()) drop();
      else if (!close()) return -1;
    } else return -1;
  }
  return tokenCount;
}

function isArticle(): bool {
  const start = normalized + <usize>tokenStart;
  const length = normalizedLength - tokenStart;
  if (length == 1) return load<u8>(start) == 97;
  if (length == 2) return load<u8>(start) == 97 && load<u8>(start, 1) == 110;
  if (length == 3) return load<u8>(start) == 116 && load<u8>(start, 1) == 104 && load<u8>(start, 2) == 101;
  return false;
}

// rouge.ts, asciiRougeTokens: runs of ASCII letters and digits, lowercased; a non-ASCII byte needs the
// general tokenizer.
function rougeTokens(text: usize, length: i32): i32 {
  for (let index = 0; index < length; index++) {
    const code: u32 = <u32>load<u8>(text + <usize>index);
    if (code - 48 < 10 || code - 97 < 26) put(code);
    else if (code - 65 < 26) put(code + 32);
    else if (code >= 0x80) return -1;
    else if (!close()) return -1;
  }
  return close() ? tokenCount : -1;
}

// bleu-tokenizers.ts, asciiTokens13a and the common shapes of pushPunctuatedWord13a.
function isAsciiSymbol(code: u32): bool {
  return (code >= 0x21 && code <= 0x26) || (code >= 0x28 && code <= 0x2b) || code == 0x2f || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}

function is13aSpace(code: u32): bool {
  return code == 0x20 || code == 0x09 || code == 0x0b || code == 0x0c || code == 0x0d || (code >= 0x1c && code <= 0x1f);
}

/** `untouchedBy13a`: no punctuation but ' and -, and no dash after a digit. */
function untouched(text: usize, start: i32, end: i32): bool {
  for (let index = start; index < end; index++) {
    const code: u32 = <u32>load<u8>(text + <usize>index);
    if (code == 0x2c || code == 0x2e || isAsciiSymbol(code)) return false;
    if (code == 0x2d && index > start && <u32>load<u8>(text + <usize>index - 1) - 48 < 10) return false;
  }
  return true;
}

function putRange(text: usize, start: i32, end: i32, lowercase: bool): bool {
  for (let index = start; index < end; index++) {
    const code: u32 = <u32>load<u8>(text + <usize>index);
    put(lowercase ? lower(code) : code);
  }
  return close();
}

/** One whitespace-separated word; false where the word needs the regular expressions. */
function word13a(text: usize, start: i32, end: i32, plain: bool, lowercase: bool): bool {
  if (plain) return putRange(text, start, end, lowercase);
  let coreStart = start;
  while (coreStart < end && isAsciiSymbol(<u32>load<u8>(text + <usize>coreStart))) coreStart++;
  let coreEnd = end;
  while (coreEnd > coreStart) {
    const code: u32 = <u32>load<u8>(text + <usize>coreEnd - 1);
    if (!(code == 0x2e || code == 0x2c || isAsciiSymbol(code))) break;
    coreEnd--;
  }
  // A lone symbol, period or comma between spaces is a token of its own.
  if (end - start == 1) return putRange(text, start, end, lowercase);
  if (coreEnd == coreStart || !untouched(text, coreStart, coreEnd)) return false;
  for (let index = start; index < coreStart; index++) if (!putRange(text, index, index + 1, lowercase)) return false;
  if (!putRange(text, coreStart, coreEnd, lowercase)) return false;
  for (let index = coreEnd; index < end; index++) if (!putRange(text, index, index + 1, lowercase)) return false;
  return true;
}

function tokens13a(text: usize, length: i32, lowercase: bool): i32 {
  let start = -1;
  let plain = true;
  let previousDigit = false;
  for (let index = 0; index < length; index++) {
    const code: u32 = <u32>load<u8>(text + <usize>index);
    // A newline, "&" or "<" starts a line-level rewrite of 13a; non-ASCII text takes the general path.
    if (code >= 0x80 || code == 0x0a || code == 0x26 || code == 0x3c) return -1;
    if (is13aSpace(code)) {
      if (start >= 0 && !word13a(text, start, index, plain, lowercase)) return -1;
      start = -1;
      previousDigit = false;
      continue;
    }
    if (start < 0) {
      start = index;
      plain = true;
    }
    if (code == 0x2c || code == 0x2e || isAsciiSymbol(code) || (code == 0x2d && previousDigit)) plain = false;
    previousDigit = code - 48 < 10;
  }
  if (start >= 0 && !word13a(text, start, length, plain, lowercase)) return -1;
  return tokenCount;
}

/**
 * Tokenizes the `length` bytes of text on `side` (0 or 1) with one of the tokenizers; the token count,
 * or -1 where the JavaScript path must tokenize the text.
 */
export function tokenize(tokenizer: i32, side: i32, length: i32, lowercase: i32): i32 {
  if (length < 0 || length > textCapacity) return -1;
  begin(side);
  const text = textBase + <usize>side * <usize>textCapacity;
  let count: i32 = -1;
  if (tokenizer == tokenizerSquad) count = squadTokens(text, length);
  else if (tokenizer == tokenizerRouge) count = rougeTokens(text, length);
  else if (tokenizer == tokenizer13a) count = tokens13a(text, length, lowercase != 0);
  return count < 0 ? -1 : finish(side);
}

function sameToken(a: usize, b: usize): bool {
  if (load<u32>(a, 8) != load<u32>(b, 8)) return false;
  const aStart = load<i32>(a);
  const bStart = load<i32>(b);
  const length = load<i32>(a, 4) - aStart;
  if (load<i32>(b, 4) - bStart != length) return false;
  const aText = normalizedBase + <usize>aStart;
  const bText = normalizedBase + 2 * <usize>textCapacity + <usize>bStart;
  for (let index = 0; index < length; index++) if (load<u8>(aText + <usize>index) != load<u8>(bText + <usize>index)) return false;
  return true;
}

function countOf(side: i32): i32 {
  return load<i32>(resultBase + <usize>side * 4);
}

/** Fills the equality table of the tokens of A against those of B; false when it would be too large. */
function compareTokens(): bool {
  const n = countOf(0);
  const m = countOf(1);
  if (<i64>n * <i64>m > <i64>maxCells) return false;
  for (let i = 0; i < n; i++) {
    const a = tokenBase + <usize>i * 12;
    for (let j = 0; j < m; j++) store<u8>(equalBase + <usize>(i * m + j), sameToken(a, tokenBase + 65536 + <usize>j * 12) ? 1 : 0);
  }
  return true;
}

function equal(i: i32, j: i32): bool {
  return load<u8>(equalBase + <usize>(i * countOf(1) + j)) != 0;
}

/** 1 when the tokens of A and B are the same sequence (so the normalised texts are equal), else 0. */
export function sameSequence(): i32 {
  const n = countOf(0);
  if (n != countOf(1)) return 0;
  for (let i = 0; i < n; i++) if (!sameToken(tokenBase + <usize>i * 12, tokenBase + 65536 + <usize>i * 12)) return 0;
  return 1;
}

/** squad.ts, commonTokens: the tokens shared by A and B, each counted at most as often as on either side. */
export function commonTokens(): i32 {
  if (!compareTokens()) return -1;
  const n = countOf(0);
  const m = countOf(1);
  memory.fill(usedBase, 0, <usize>m);
  let same = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (load<u8>(usedBase + <usize>j) == 0 && equal(i, j)) {
        store<u8>(usedBase + <usize>j, 1);
        same++;
        break;
      }
    }
  }
  return same;
}

/** rouge.ts, lcsLength: the length of the longest common subsequence of the tokens of A and B. */
export function lcs(): i32 {
  if (!compareTokens()) return -1;
  const n = countOf(0);
  const m = countOf(1);
  let previous = rowBase;
  let current = rowBase + (<usize>m + 1) * 4;
  memory.fill(previous, 0, (<usize>m + 1) * 4);
  for (let i = 0; i < n; i++) {
    store<i32>(current, 0);
    for (let j = 1; j <= m; j++) {
      let value: i32;
      if (equal(i, j - 1)) value = load<i32>(previous + <usize>(j - 1) * 4) + 1;
      else {
        const up = load<i32>(previous + <usize>j * 4);
        const left = load<i32>(current + <usize>(j - 1) * 4);
        value = up > left ? up : left;
      }
      store<i32>(current + <usize>j * 4, value);
    }
    const held = previous;
    previous = current;
    current = held;
  }
  return load<i32>(previous + <usize>m * 4);
}

/**
 * ngram-matches.ts, clippedMatchesShort: for each order 1..maxOrder, the n-grams of A found in B, each
 * n-gram credited at most as often as B has it; written as i32 from the fifth result slot. 0, or -1
 * when the comparison table would be too large.
 */
export function ngramMatches(maxOrder: i32): i32 {
  if (maxOrder < 1 || maxOrder > 32 || !compareTokens()) return -1;
  const n = countOf(0);
  const m = countOf(1);
  for (let order = 0; order < maxOrder; order++) {
    memory.fill(usedBase, 0, <usize>m);
    let matches = 0;
    for (let i = 0; i + order < n; i++) {
      for (let j = 0; j + order < m; j++) {
        if (load<u8>(usedBase + <usize>j) != 0) continue;
        let k = 0;
        while (k <= order && equal(i + k, j + k)) k++;
        if (k > order) {
          store<u8>(usedBase + <usize>j, 1);
          matches++;
          break;
        }
      }
    }
    store<i32>(resultBase + 16 + <usize>order * 4, matches);
  }
  return 0;
}

/** Where the JavaScript side writes the texts and reads the results. */
export function textOffset(side: i32): usize {
  return textBase + <usize>side * <usize>textCapacity;
}

export function normalizedOffset(side: i32): usize {
  return normalizedBase + <usize>side * 2 * <usize>textCapacity;
}

export function resultOffset(): usize {
  return resultBase;
}

export function capacity(): i32 {
  return textCapacity;
}
