/**
 * Counting word n-grams fast: tokens are mapped to small integers and an n-gram's key is the number
 * `id1·V^(n-1) + … + idn` (ids from 1, V above the largest id). Keys of different orders fall in
 * disjoint ranges, so one map holds every order; when V^maxOrder would exceed 2^53 the key falls back
 * to the tokens joined by a space (tokens never contain whitespace), which is slower but exact.
 */
export type NgramKey = number | string;

export class TokenIds {
  private readonly ids = new Map<string, number>();

  /** The id of each token, assigning new ids from 1. */
  encode(tokens: readonly string[]): Int32Array {
    const encoded = new Int32Array(tokens.length);
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index] as string;
      let id = this.ids.get(token);
      if (id === undefined) {
        id = this.ids.size + 1;
        this.ids.set(token, id);
      }
      encoded[index] = id;
    }
    return encoded;
  }

  /** The base V for numeric keys up to `maxOrder`, or undefined when numbers would lose precision. */
  base(maxOrder: number): number | undefined {
    const base = this.ids.size + 1;
    return base ** maxOrder < Number.MAX_SAFE_INTEGER ? base : undefined;
  }
}

/** Counts of every n-gram of order 1..maxOrder in `ids`. */
export function countNgrams(options: { ids: Int32Array; tokens: readonly string[]; maxOrder: number; base: number | undefined }): Map<NgramKey, number> {
  const { ids, tokens, maxOrder, base } = options;
  const counts = new Map<NgramKey, number>();
  const length = ids.length;
  for (let start = 0; start < length; start++) {
    let key = 0;
    const last = Math.min(length, start + maxOrder);
    for (let end = start; end < last; end++) {
      let ngram: NgramKey;
      if (base === undefined) {
        ngram = tokens.slice(start, end + 1).join(" ");
      } else {
        key = key * base + (ids[end] as number);
        ngram = key;
      }
      counts.set(ngram, (counts.get(ngram) ?? 0) + 1);
    }
  }
  return counts;
}

/** The order of an n-gram key (1-based). */
export function ngramOrder(key: NgramKey, base: number | undefined): number {
  if (typeof key === "string") {
    let order = 1;
    for (let index = 0; index < key.length; index++) if (key.charCodeAt(index) === 32) order++;
    return order;
  }
  let order = 1;
  let bound = base as number;
  while (key >= bound) {
    order++;
    bound *= base as number;
  }
  return order;
}
