// AssemblyScript source of src/scorers/text/text-kernels-wasm.ts (`npm run build:wasm` compiles it and
// writes that file; a test checks that the compiled module is the one of this source).
//
// The ASCII fast paths of the reference text metrics as WebAssembly: SQuAD normalisation, rouge-score's
// tokenizer and sacrebleu's 13a tokenizer, token multiset overlap, the longest common subsequence and
// clipped n-gram matches. An evaluation calls the metrics once per case; in JavaScript their first
// thousands of calls run before V8 has optimised them, and optimising them costs as much again on the
// engine's compiler threads. WebAssembly is compiled once, when the module loads, and runs at full speed
// from the first call. Each function here transcribes a JavaScript fast path of src/scorers/text/
// (named at each one) and answers -1 where that path would hand over to the general one: the caller
// then computes the metric in JavaScript. The tests check that both paths agree.
//
// Memory (fixed, never grown): two sides, A (the output) and B (a reference). For each: the input text
// as bytes, its normalised text (the tokens joined by single spaces), its tokens (start and end in the
// normalised text, an FNV-1a hash) and, after `assignIds`, a small integer per token, equal for equal
// tokens of either side.

const textCapacity: i32 = 65536; // bytes of input text per side
const maxTokens: i32 = 4096; // tokens per side
const maxCells: i32 = 65536; // tokens of A x tokens of B, for the quadratic comparisons

const textBase: usize = 0; // side s: textBase + s * textCapacity
const normalizedBase: usize = 131072; // side s: normalizedBase + s * 2 * textCapacity
const tokenBase: usize = 393216; // side s: tokenBase + s * 65536; 12 bytes a token
const idBase: usize = 524288; // side s: idBase + s * 16384; one i32 per token
const slotBase: usize = 557056; // the id table: 16384 slots of (stamp, hash, id, side << 16 | token)
const countBase: usize = 819200; // one i32 per id
const rowBase: usize = 851968; // two rows of (tokens of B + 1) i32 for the LCS, or one byte per token of B
const resultBase: usize = 917504; // i32: token counts [0, 1], normalised lengths [2, 3], matches per order [4..35]
const classBase: usize = 918528; // what each ASCII code is to 13a: one byte per code
const slotCapacity: i32 = 16384;

// bleu-tokenizers.ts, asciiClass13a: part of a plain word, whitespace, punctuation other than ' and -
// (the word needs the rules), a digit, a dash (after a digit it needs them too), or a character of a
// line-level rewrite (newline, "&", "<": the line needs the general path).
const word: u8 = 0;
const space: u8 = 1;
const punctuation: u8 = 2;
const digit: u8 = 3;
const dash: u8 = 4;
const rewrite: u8 = 5;
for (let code: u32 = 0; code < 128; code++) {
  let kind = word;
  if (code == 0x0a || code == 0x26 || code == 0x3c) kind = rewrite;
  else if (code == 0x20 || code == 0x09 || code == 0x0b || code == 0x0c || code == 0x0d || (code >= 0x1c && code <= 0x1f)) kind = space;
  else if (code == 0x2c || code == 0x2e || isAsciiSymbol(code)) kind = punctuation;
  else if (code >= 0x30 && code <= 0x39) kind = digit;
  else if (code == 0x2d) kind = dash;
  store<u8>(classBase + <usize>code, kind);
}

const tokenizerSquad: i32 = 0;
const tokenizerRouge: i32 = 1;
const tokenizer13a: i32 = 2;

const fnvOffset: u32 = 2166136261;
const fnvPrime: u32 = 16777619;

function lower(code: u32): u32 {
  return code - 65 < 26 ? code + 32 : code;
}

function normalizedOf(side: i32): usize {
  return normalizedBase + <usize>side * 2 * <usize>textCapacity;
}

function tokensOf(side: i32): usize {
  return tokenBase + <usize>side * 65536;
}

function countOf(side: i32): i32 {
  return load<i32>(resultBase + <usize>side * 4);
}

function finish(side: i32, count: i32, normalizedLength: i32): i32 {
  store<i32>(resultBase + <usize>side * 4, count);
  store<i32>(resultBase + 8 + <usize>side * 4, normalizedLength);
  return count;
}

// The emitter of the 13a and ROUGE tokenizers, whose tokens are runs of the input: a token at a time,
// copied, lowercased if asked, hashed.
let emitOut: usize = 0;
let emitEntries: usize = 0;
let emitLength: i32 = 0;
let emitCount: i32 = 0;

function emitBegin(side: i32): void {
  emitOut = normalizedOf(side);
  emitEntries = tokensOf(side);
  emitLength = 0;
  emitCount = 0;
}

/** Appends the `length` bytes at `source` as a token; false when the side has no room for another. */
function emit(source: usize, length: i32, lowercase: bool): bool {
  if (emitCount >= maxTokens) return false;
  if (emitLength > 0) {
    store<u8>(emitOut + <usize>emitLength, 32);
    emitLength++;
  }
  const target = emitOut + <usize>emitLength;
  let hash = fnvOffset;
  for (let index = 0; index < length; index++) {
    let code = <u32>load<u8>(source + <usize>index);
    if (lowercase) code = lower(code);
    store<u8>(target + <usize>index, <u8>code);
    hash = (hash ^ code) * fnvPrime;
  }
  const entry = emitEntries + <usize>emitCount * 12;
  store<i32>(entry, emitLength);
  store<i32>(entry, emitLength + length, 4);
  store<u32>(entry, hash, 8);
  emitLength += length;
  emitCount++;
  return true;
}

// squad-normalize.ts, normalizeAsciiTokens: lowercase, drop string.punctuation, split on whitespace,
// drop the articles; a control character other than whitespace, or a non-ASCII byte, needs the
// regular expressions.
function squadTokens(side: i32, text: usize, length: i32): i32 {
  const out = normalizedOf(side);
  const entries = tokensOf(side);
  let outLength = 0;
  let count = 0;
  let start = -1;
  let hash = fnvOffset;
  for (let index = 0; index <= length; index++) {
    let code: u32 = index < length ? <u32>load<u8>(text + <usize>index) : 32;
    if (code - 48 < 10 || code - 97 < 26 || code - 65 < 26) {
      code = lower(code);
      if (start < 0) {
        if (outLength > 0) {
          store<u8>(out + <usize>outLength, 32);
          outLength++;
        }
        start = outLength;
        hash = fnvOffset;
      }
      store<u8>(out + <usize>outLength, <u8>code);
      outLength++;
      hash = (hash ^ code) * fnvPrime;
    } else if ((code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e)) {
      continue; // punctuation joins the pieces on either side
    } else if ((code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x20)) {
      if (start < 0) continue;
      if (isArticle(out + <usize>start, outLength - start)) {
        outLength = start > 0 ? start - 1 : 0;
      } else {
        if (count >= maxTokens) return -1;
        const entry = entries + <usize>count * 12;
        store<i32>(entry, start);
        store<i32>(entry, outLength, 4);
        store<u32>(entry, hash, 8);
        count++;
      }
      start = -1;
    } else {
      return -1;
    }
  }
  return finish(side, count, outLength);
}

function isArticle(token: usize, length: i32): bool {
  if (length == 1) return load<u8>(token) == 97;
  if (length == 2) return load<u8>(token) == 97 && load<u8>(token, 1) == 110;
  if (length == 3) return load<u8>(token) == 116 && load<u8>(token, 1) == 104 && load<u8>(token, 2) == 101;
  return false;
}

// rouge.ts, asciiRougeTokens: runs of ASCII letters and digits, lowercased; a non-ASCII byte needs the
// general tokenizer.
function rougeTokens(side: i32, text: usize, length: i32): i32 {
  emitBegin(side);
  let start = -1;
  let upper = false;
  for (let index = 0; index <= length; index++) {
    const code: u32 = index < length ? <u32>load<u8>(text + <usize>index) : 32;
    if (code - 48 < 10 || code - 97 < 26) {
      if (start < 0) start = index;
    } else if (code - 65 < 26) {
      if (start < 0) start = index;
      upper = true;
    } else if (code >= 0x80) {
      return -1;
    } else if (start >= 0) {
      if (!emit(text + <usize>start, index - start, upper)) return -1;
      start = -1;
      upper = false;
    }
  }
  return finish(side, emitCount, emitLength);
}

// bleu-tokenizers.ts, asciiTokens13a and the common shapes of pushPunctuatedWord13a.
function isAsciiSymbol(code: u32): bool {
  return (code >= 0x21 && code <= 0x26) || (code >= 0x28 && code <= 0x2b) || code == 0x2f || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}

/** `untouchedBy13a`: no punctuation but ' and -, and no dash after a digit. */
function untouched(text: usize, start: i32, end: i32): bool {
  let previous = space;
  for (let index = start; index < end; index++) {
    const kind = load<u8>(classBase + <usize>load<u8>(text + <usize>index));
    if (kind == punctuation || (kind == dash && previous == digit)) return false;
    previous = kind;
  }
  return true;
}

/** A word with punctuation, in the shapes 13a splits without its regular expressions; false for the others. */
function punctuatedWord13a(text: usize, start: i32, end: i32, lowercase: bool): bool {
  // A lone symbol, period or comma between spaces is a token of its own.
  if (end - start == 1) return emit(text + <usize>start, 1, lowercase);
  let coreStart = start;
  while (coreStart < end && isAsciiSymbol(<u32>load<u8>(text + <usize>coreStart))) coreStart++;
  let coreEnd = end;
  while (coreEnd > coreStart) {
    const code: u32 = <u32>load<u8>(text + <usize>coreEnd - 1);
    if (!(code == 0x2e || code == 0x2c || isAsciiSymbol(code))) break;
    coreEnd--;
  }
  if (coreEnd == coreStart || !untouched(text, coreStart, coreEnd)) return false;
  // Each leading and trailing character is a token, and so is the core between them.
  for (let index = start; index < coreStart; index++) if (!emit(text + <usize>index, 1, lowercase)) return false;
  if (!emit(text + <usize>coreStart, coreEnd - coreStart, lowercase)) return false;
  for (let index = coreEnd; index < end; index++) if (!emit(text + <usize>index, 1, lowercase)) return false;
  return true;
}

function tokens13a(side: i32, text: usize, length: i32, lowercase: bool): i32 {
  emitBegin(side);
  let start = -1;
  let plain = true;
  let previous = space;
  for (let index = 0; index < length; index++) {
    const code = load<u8>(text + <usize>index);
    if (code >= 0x80) return -1; // non-ASCII text takes the general path
    const kind = load<u8>(classBase + <usize>code);
    if (kind == space) {
      if (start >= 0 && !word13a(text, start, index, plain, lowercase)) return -1;
      start = -1;
    } else if (kind == rewrite) {
      return -1;
    } else {
      if (start < 0) {
        start = index;
        plain = true;
      }
      if (kind == punctuation || (kind == dash && previous == digit)) plain = false;
    }
    previous = kind;
  }
  if (start >= 0 && !word13a(text, start, length, plain, lowercase)) return -1;
  return finish(side, emitCount, emitLength);
}

function word13a(text: usize, start: i32, end: i32, plain: bool, lowercase: bool): bool {
  return plain ? emit(text + <usize>start, end - start, lowercase) : punctuatedWord13a(text, start, end, lowercase);
}

/**
 * Tokenizes the `length` bytes of text on `side` (0 or 1) with one of the tokenizers; the token count,
 * or -1 where the JavaScript path must tokenize the text.
 */
export function tokenize(tokenizer: i32, side: i32, length: i32, lowercase: i32): i32 {
  if (length < 0 || length > textCapacity) return -1;
  const text = textBase + <usize>side * <usize>textCapacity;
  if (tokenizer == tokenizerSquad) return squadTokens(side, text, length);
  if (tokenizer == tokenizerRouge) return rougeTokens(side, text, length);
  if (tokenizer == tokenizer13a) return tokens13a(side, text, length, lowercase != 0);
  return -1;
}

function sameToken(a: usize, aText: usize, b: usize, bText: usize): bool {
  if (load<u32>(a, 8) != load<u32>(b, 8)) return false;
  const aStart = load<i32>(a);
  const bStart = load<i32>(b);
  const length = load<i32>(a, 4) - aStart;
  if (load<i32>(b, 4) - bStart != length) return false;
  return memory.compare(aText + <usize>aStart, bText + <usize>bStart, <usize>length) == 0;
}

/** 1 when the tokens of A and B are the same sequence (so the normalised texts are equal), else 0. */
export function sameSequence(): i32 {
  const n = countOf(0);
  if (n != countOf(1)) return 0;
  for (let i = 0; i < n; i++) {
    if (!sameToken(tokensOf(0) + <usize>i * 12, normalizedOf(0), tokensOf(1) + <usize>i * 12, normalizedOf(1))) return 0;
  }
  return 1;
}

// Slots of the id table are stamped with the call that filled them, so the table is never cleared.
let stamp: u32 = 0;

/**
 * Gives every token of A and B a small integer, the same for equal tokens (an open-addressing table
 * on the hashes, equal bytes checked); the number of distinct tokens.
 */
function assignIds(): i32 {
  const n = countOf(0);
  const m = countOf(1);
  let size = 64;
  while (size < 2 * (n + m)) size <<= 1;
  const mask = size - 1;
  nextStamp();
  let distinct = 0;
  for (let side = 0; side < 2; side++) {
    const entries = tokensOf(side);
    const text = normalizedOf(side);
    const ids = idBase + <usize>side * 16384;
    const count = side == 0 ? n : m;
    for (let token = 0; token < count; token++) {
      const entry = entries + <usize>token * 12;
      const hash = load<u32>(entry, 8);
      let slot = <i32>(hash & <u32>mask);
      let id = -1;
      while (true) {
        const at = slotBase + <usize>slot * 16;
        if (load<u32>(at) != stamp) {
          store<u32>(at, stamp);
          store<u32>(at, hash, 4);
          store<i32>(at, distinct, 8);
          store<i32>(at, (side << 16) | token, 12);
          id = distinct;
          distinct++;
          break;
        }
        if (load<u32>(at, 4) == hash) {
          const owner = load<i32>(at, 12);
          const ownerSide = owner >> 16;
          if (sameToken(entry, text, tokensOf(ownerSide) + <usize>(owner & 0xffff) * 12, normalizedOf(ownerSide))) {
            id = load<i32>(at, 8);
            break;
          }
        }
        slot = (slot + 1) & mask;
      }
      store<i32>(ids + <usize>token * 4, id);
    }
  }
  return distinct;
}

function idOf(side: i32, token: i32): i32 {
  return load<i32>(idBase + <usize>side * 16384 + <usize>token * 4);
}

/** squad.ts, commonTokens: the tokens shared by A and B, each counted at most as often as on either side. */
export function commonTokens(): i32 {
  const n = countOf(0);
  const m = countOf(1);
  const distinct = assignIds();
  memory.fill(countBase, 0, <usize>distinct * 4);
  for (let j = 0; j < m; j++) {
    const at = countBase + <usize>idOf(1, j) * 4;
    store<i32>(at, load<i32>(at) + 1);
  }
  let same = 0;
  for (let i = 0; i < n; i++) {
    const at = countBase + <usize>idOf(0, i) * 4;
    const left = load<i32>(at);
    if (left > 0) {
      store<i32>(at, left - 1);
      same++;
    }
  }
  return same;
}

/** rouge.ts, lcsLength: the length of the longest common subsequence of the tokens of A and B; -1 when too long. */
export function lcs(): i32 {
  const n = countOf(0);
  const m = countOf(1);
  if (<i64>n * <i64>m > <i64>maxCells) return -1;
  assignIds();
  let previous = rowBase;
  let current = rowBase + (<usize>m + 1) * 4;
  memory.fill(previous, 0, (<usize>m + 1) * 4);
  for (let i = 0; i < n; i++) {
    const id = idOf(0, i);
    store<i32>(current, 0);
    for (let j = 1; j <= m; j++) {
      let value: i32;
      if (idOf(1, j - 1) == id) value = load<i32>(previous + <usize>(j - 1) * 4) + 1;
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

/** A fresh, empty id table (its slots stamped with an older call count as empty). */
function nextStamp(): void {
  stamp++;
  if (stamp == 0) {
    memory.fill(slotBase, 0, <usize>slotCapacity * 16);
    stamp = 1;
  }
}

/** The n-gram of `order + 1` ids from `start`, as 13-bit digits of one number (ids are below 8,192). */
function ngramKey(ids: usize, start: i32, order: i32): u64 {
  let key: u64 = 0;
  for (let k = 0; k <= order; k++) key = (key << 13) | <u64>load<i32>(ids + <usize>(start + k) * 4);
  return key;
}

/** The slot of `key` in a table of `mask + 1` slots (slots: stamp, count, key), or the empty slot where it goes. */
function ngramSlot(key: u64, mask: i32): usize {
  let slot = <i32>((key * 0x9e3779b97f4a7c15) >> 40) & mask;
  while (true) {
    const at = slotBase + <usize>slot * 16;
    if (load<u32>(at) != stamp || load<u64>(at, 8) == key) return at;
    slot = (slot + 1) & mask;
  }
  return 0;
}

/** Clipped matches of the n-grams of `order + 1` tokens (up to 4): B's counted in a hash table, A's taken from them. */
function hashedMatches(order: i32, n: i32, m: i32): i32 {
  let size = 64;
  while (size < 2 * m) size <<= 1;
  const mask = size - 1;
  nextStamp();
  const a = idBase;
  const b = idBase + 16384;
  for (let j = 0; j + order < m; j++) {
    const key = ngramKey(b, j, order);
    const at = ngramSlot(key, mask);
    if (load<u32>(at) != stamp) {
      store<u32>(at, stamp);
      store<i32>(at, 1, 4);
      store<u64>(at, key, 8);
    } else {
      store<i32>(at, load<i32>(at, 4) + 1, 4);
    }
  }
  let matches = 0;
  for (let i = 0; i + order < n; i++) {
    const at = ngramSlot(ngramKey(a, i, order), mask);
    if (load<u32>(at) != stamp) continue;
    const left = load<i32>(at, 4);
    if (left > 0) {
      store<i32>(at, left - 1, 4);
      matches++;
    }
  }
  return matches;
}

/**
 * ngram-matches.ts, clippedMatches: for each order 1..maxOrder, the n-grams of A found in B, each n-gram
 * credited at most as often as B has it; written as i32 from the fifth result slot. Orders up to 4 count
 * hashed n-grams; higher ones let each n-gram of A take the first equal n-gram of B not taken yet. 0, or
 * -1 when those higher orders would need too many comparisons.
 */
export function ngramMatches(maxOrder: i32): i32 {
  const n = countOf(0);
  const m = countOf(1);
  if (maxOrder < 1 || maxOrder > 32 || (maxOrder > 4 && <i64>n * <i64>m > <i64>maxCells)) return -1;
  assignIds();
  const a = idBase;
  const b = idBase + 16384;
  const taken = rowBase;
  for (let order = 0; order < maxOrder; order++) {
    let matches = 0;
    if (order < 4) {
      matches = hashedMatches(order, n, m);
    } else {
      memory.fill(taken, 0, <usize>m);
      for (let i = 0; i + order < n; i++) {
        const first = load<i32>(a + <usize>i * 4);
        for (let j = 0; j + order < m; j++) {
          if (load<i32>(b + <usize>j * 4) != first || load<u8>(taken + <usize>j) != 0) continue;
          let k = 1;
          while (k <= order && load<i32>(a + <usize>(i + k) * 4) == load<i32>(b + <usize>(j + k) * 4)) k++;
          if (k > order) {
            store<u8>(taken + <usize>j, 1);
            matches++;
            break;
          }
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
  return normalizedOf(side);
}

export function resultOffset(): usize {
  return resultBase;
}

export function capacity(): i32 {
  return textCapacity;
}
