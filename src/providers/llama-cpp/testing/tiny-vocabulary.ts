/**
 * A byte-level GPT-2 style vocabulary for the tiny test model: the 256 bytes (in GPT-2's printable
 * byte-to-unicode mapping), a few hundred merges of common English pieces, and the ChatML control tokens.
 */

/** GGUF `tokenizer.ggml.token_type` values (llama.cpp `llama_token_type`). */
export const tokenTypes = { normal: 1, control: 3 } as const;

export const controlTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] as const;

export interface TinyVocabulary {
  tokens: string[];
  tokenTypes: number[];
  merges: string[];
  /** Ids of tokens the model must never emit on its own (control tokens, non-printable bytes). */
  suppressedIds: number[];
  bosId: number;
  eosId: number;
}

/** GPT-2's `bytes_to_unicode`: every byte maps to a printable character so tokens are valid strings. */
function byteToUnicode(): string[] {
  const printable: number[] = [];
  for (let byte = 33; byte <= 126; byte += 1) printable.push(byte);
  for (let byte = 161; byte <= 172; byte += 1) printable.push(byte);
  for (let byte = 174; byte <= 255; byte += 1) printable.push(byte);
  const printableSet = new Set(printable);
  const table: string[] = [];
  let extra = 0;
  for (let byte = 0; byte < 256; byte += 1) {
    if (printableSet.has(byte)) table.push(String.fromCodePoint(byte));
    else {
      table.push(String.fromCodePoint(256 + extra));
      extra += 1;
    }
  }
  return table;
}

const bigrams = [
  "th", "he", "in", "er", "an", "re", "on", "at", "en", "nd", "ti", "es", "or", "te", "of", "ed",
  "is", "it", "al", "ar", "st", "to", "nt", "ng", "se", "ha", "as", "ou", "io", "le", "ve", "co",
  "me", "de", "hi", "ri", "ro", "ic", "ne", "ea", "ra", "ce", "li", "ch", "ll", "be", "ma", "si",
];

const words = ["the", "ing", "and", "ion", "ent", "her", "tha", "ore", "ter", "hat", "ere", "ate", "his", "con", "res", "ver"];

/** Merges in rank order; each merge's parts exist before it (bytes, or earlier merges). */
function buildMerges(space: string, limit: number): Array<[string, string]> {
  const merges: Array<[string, string]> = [];
  const known = new Set<string>();
  const add = (left: string, right: string): void => {
    if (!known.has(left + right)) {
      merges.push([left, right]);
      known.add(left + right);
    }
  };
  for (const pair of bigrams) add(pair.charAt(0), pair.charAt(1));
  for (let code = 97; code <= 122; code += 1) add(space, String.fromCharCode(code));
  for (const word of words) add(word.slice(0, 2), word.charAt(2));
  for (let code = 65; code <= 90; code += 1) add(space, String.fromCharCode(code));
  for (const pair of bigrams) add(space + pair.charAt(0), pair.charAt(1));
  for (const word of words) add(space + word.slice(0, 2), word.charAt(2));
  for (let digit = 0; digit <= 9; digit += 1) add(space, String(digit));
  return merges.slice(0, limit);
}

export function buildTinyVocabulary(options: { merges: number }): TinyVocabulary {
  const table = byteToUnicode();
  const space = table[32] ?? " ";
  const tokens: string[] = [...table];
  const types: number[] = tokens.map(() => tokenTypes.normal);
  // Only printable ASCII may be generated freely: lone UTF-8 bytes would make partial characters.
  const suppressedIds: number[] = [];
  for (let byte = 0; byte < 256; byte += 1) if (byte < 32 || byte > 126) suppressedIds.push(byte);

  const merges = buildMerges(space, options.merges);
  for (const [left, right] of merges) {
    tokens.push(left + right);
    types.push(tokenTypes.normal);
  }
  const firstControl = tokens.length;
  for (const control of controlTokens) {
    suppressedIds.push(tokens.length);
    tokens.push(control);
    types.push(tokenTypes.control);
  }
  return {
    tokens,
    tokenTypes: types,
    merges: merges.map(([left, right]) => `${left} ${right}`),
    suppressedIds,
    bosId: firstControl,
    eosId: firstControl + 2,
  };
}
