/**
 * Clipped n-gram matching for BLEU without per-n-gram allocations, which dominated its time: tokens
 * become small integer ids, an n-gram of ids becomes the number `id1·V^(n-1) + … + idn` (V above the
 * largest id; n-grams of different orders fall in disjoint ranges), and the references' n-gram counts
 * live in one open-addressing hash table of typed arrays. When V^maxOrder would pass 2^53 the n-grams
 * are counted by their text in a Map instead: slower, equally exact.
 */
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

/** Open addressing with linear probing; key 0 marks an empty slot (n-gram keys are at least 1). */
class CountTable {
  readonly keys: Float64Array;
  readonly counts: Int32Array;
  private readonly mask: number;

  constructor(entries: number) {
    let capacity = 16;
    while (capacity < entries * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.counts = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  slot(key: number): number {
    const low = key >>> 0;
    const high = (key / 4294967296) | 0;
    let hash = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1);
    hash ^= hash >>> 15;
    let slot = hash & this.mask;
    for (;;) {
      const stored = this.keys[slot] as number;
      if (stored === key || stored === 0) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  add(key: number, count: number): void {
    const slot = this.slot(key);
    this.keys[slot] = key;
    this.counts[slot] = (this.counts[slot] as number) + count;
  }

  /** Keeps the larger of the stored count and `count`. */
  raise(key: number, count: number): void {
    const slot = this.slot(key);
    this.keys[slot] = key;
    if (count > (this.counts[slot] as number)) this.counts[slot] = count;
  }
}

function countReference(ids: Int32Array, maxOrder: number, base: number): CountTable {
  const table = new CountTable(ids.length * maxOrder);
  for (let start = 0; start < ids.length; start++) {
    let key = 0;
    const end = Math.min(ids.length, start + maxOrder);
    for (let position = start; position < end; position++) {
      key = key * base + (ids[position] as number);
      table.add(key, 1);
    }
  }
  return table;
}

/**
 * Matches per order (index n - 1): the hypothesis n-grams found in the references, each n-gram
 * credited at most as often as it occurs in the reference that has it most (BLEU's clipping).
 */
export function clippedMatches(options: { hypothesis: Int32Array; references: readonly Int32Array[]; maxOrder: number; base: number }): number[] {
  const { hypothesis, references, maxOrder, base } = options;
  let table = countReference(references[0] ?? new Int32Array(0), maxOrder, base);
  if (references.length > 1) {
    const largest = references.reduce((total, ids) => total + ids.length * maxOrder, 0);
    const combined = new CountTable(largest);
    for (const ids of references) {
      const single = countReference(ids, maxOrder, base);
      for (let slot = 0; slot < single.keys.length; slot++) {
        const key = single.keys[slot] as number;
        if (key !== 0) combined.raise(key, single.counts[slot] as number);
      }
    }
    table = combined;
  }
  const matches = new Array<number>(maxOrder).fill(0);
  for (let start = 0; start < hypothesis.length; start++) {
    let key = 0;
    const end = Math.min(hypothesis.length, start + maxOrder);
    for (let position = start; position < end; position++) {
      key = key * base + (hypothesis[position] as number);
      const slot = table.slot(key);
      const left = table.counts[slot] as number;
      if (left > 0) {
        table.counts[slot] = left - 1;
        const order = position - start;
        matches[order] = (matches[order] as number) + 1;
      }
    }
  }
  return matches;
}

/** `clippedMatches` by n-gram text, for vocabularies too large for exact numeric keys. */
export function clippedMatchesByText(hypothesis: readonly string[], references: readonly (readonly string[])[], maxOrder: number): number[] {
  const count = (tokens: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (let start = 0; start < tokens.length; start++) {
      for (let n = 1; n <= maxOrder && start + n <= tokens.length; n++) {
        const ngram = tokens.slice(start, start + n).join(" ");
        counts.set(ngram, (counts.get(ngram) ?? 0) + 1);
      }
    }
    return counts;
  };
  const available = new Map<string, number>();
  for (const reference of references) for (const [ngram, value] of count(reference)) if (value > (available.get(ngram) ?? 0)) available.set(ngram, value);
  const matches = new Array<number>(maxOrder).fill(0);
  for (let start = 0; start < hypothesis.length; start++) {
    for (let n = 1; n <= maxOrder && start + n <= hypothesis.length; n++) {
      const ngram = hypothesis.slice(start, start + n).join(" ");
      const left = available.get(ngram) ?? 0;
      if (left > 0) {
        available.set(ngram, left - 1);
        matches[n - 1] = (matches[n - 1] as number) + 1;
      }
    }
  }
  return matches;
}

/**
 * `clippedMatches` for one reference of at most 32 tokens, by direct comparison: `equal[i]` has bit j
 * set when hypothesis token i equals reference token j, so the reference n-grams equal to the
 * hypothesis n-gram at i are the bits of `equal[i] & equal[i+1] >>> 1 & …`; each hypothesis n-gram
 * takes the lowest one not yet taken at its order, which credits every n-gram min(hypothesis count,
 * reference count) times, as the clipped counts do. No ids, Map or table to build for short texts.
 */
export function clippedMatchesShort(hypothesis: readonly string[], reference: readonly string[], maxOrder: number): number[] {
  if (reference.length > 32 || maxOrder > 32) throw new RangeError("clippedMatchesShort needs at most 32 reference tokens and orders");
  const equal = new Int32Array(hypothesis.length);
  for (let i = 0; i < hypothesis.length; i++) {
    const token = hypothesis[i];
    let bits = 0;
    for (let j = 0; j < reference.length; j++) if (reference[j] === token) bits |= 1 << j;
    equal[i] = bits;
  }
  const matches = new Array<number>(maxOrder).fill(0);
  const taken = new Int32Array(maxOrder);
  for (let start = 0; start < hypothesis.length; start++) {
    let candidates = -1;
    const end = Math.min(hypothesis.length, start + maxOrder);
    for (let position = start; position < end; position++) {
      const order = position - start;
      candidates &= (equal[position] as number) >>> order;
      if (candidates === 0) break;
      const free = candidates & ~(taken[order] as number);
      if (free !== 0) {
        taken[order] = (taken[order] as number) | (free & -free);
        matches[order] = (matches[order] as number) + 1;
      }
    }
  }
  return matches;
}
