import { tokenize } from "./tokenize.js";

export interface Bm25Options {
  /** Term-frequency saturation (default 1.2, as Lucene). */
  k1?: number;
  /** Length normalisation, 0 (none) to 1 (full) (default 0.75, as Lucene). */
  b?: number;
  /** Turns text into terms (default: `tokenize`, stop words removed, Porter-stemmed). */
  tokenize?: (text: string) => string[];
}

export interface Bm25Hit {
  /** Position of the document in the order it was added (0-based). */
  index: number;
  score: number;
}

/** A growable posting list: document ids and term frequencies in typed arrays (no object per posting). */
class PostingList {
  documents = new Uint32Array(4);
  frequencies = new Uint32Array(4);
  length = 0;

  add(document: number, frequency: number): void {
    if (this.length === this.documents.length) {
      const documents = new Uint32Array(this.length * 2);
      documents.set(this.documents);
      this.documents = documents;
      const frequencies = new Uint32Array(this.length * 2);
      frequencies.set(this.frequencies);
      this.frequencies = frequencies;
    }
    this.documents[this.length] = document;
    this.frequencies[this.length] = frequency;
    this.length += 1;
  }
}

/**
 * Okapi BM25 over an inverted index. Scores accumulate term at term over the posting lists of the
 * query's terms only, so a search costs the postings it touches, not the size of the collection.
 * idf is Lucene's `log(1 + (N - df + 0.5) / (df + 0.5))`, never negative.
 */
export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly tokenizeText: (text: string) => string[];
  private readonly postings = new Map<string, PostingList>();
  private lengths = new Uint32Array(16);
  private count = 0;
  private totalLength = 0;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.tokenizeText = options.tokenize ?? ((text) => tokenize(text));
  }

  /** Number of documents added. */
  get size(): number {
    return this.count;
  }

  /** Adds a document; returns its index (the order of addition). */
  add(text: string): number {
    return this.addTerms(this.tokenizeText(text));
  }

  /** Adds a document that is already tokenised. */
  addTerms(terms: readonly string[]): number {
    const document = this.count;
    const frequencies = new Map<string, number>();
    for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    for (const [term, frequency] of frequencies) {
      let list = this.postings.get(term);
      if (!list) {
        list = new PostingList();
        this.postings.set(term, list);
      }
      list.add(document, frequency);
    }
    if (document === this.lengths.length) {
      const lengths = new Uint32Array(document * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.lengths[document] = terms.length;
    this.totalLength += terms.length;
    this.count += 1;
    return document;
  }

  /** The best `topK` documents for the query, best first; documents sharing no term are left out. */
  search(query: string, topK: number): Bm25Hit[] {
    return this.searchTerms(this.tokenizeText(query), topK);
  }

  searchTerms(terms: readonly string[], topK: number): Bm25Hit[] {
    if (this.count === 0 || topK <= 0) return [];
    const queryFrequencies = new Map<string, number>();
    for (const term of terms) queryFrequencies.set(term, (queryFrequencies.get(term) ?? 0) + 1);

    const scores = new Float64Array(this.count);
    const touched: number[] = [];
    const averageLength = this.totalLength / this.count || 1;
    const { k1, b } = this;
    for (const [term, queryFrequency] of queryFrequencies) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (this.count - list.length + 0.5) / (list.length + 0.5));
      const weight = idf * queryFrequency * (k1 + 1);
      for (let position = 0; position < list.length; position += 1) {
        const document = list.documents[position] as number;
        const frequency = list.frequencies[position] as number;
        const norm = k1 * (1 - b + (b * (this.lengths[document] as number)) / averageLength);
        if (scores[document] === 0) touched.push(document);
        scores[document] = (scores[document] as number) + (weight * frequency) / (frequency + norm);
      }
    }
    return topHits({ scores, candidates: touched, topK });
  }
}

/** Picks the `topK` highest scores, ties broken by the lower index so results are deterministic. */
function topHits(options: { scores: Float64Array; candidates: number[]; topK: number }): Bm25Hit[] {
  const { scores, candidates, topK } = options;
  const better = (a: number, c: number): boolean => {
    const difference = (scores[a] as number) - (scores[c] as number);
    return difference > 0 || (difference === 0 && a < c);
  };
  // A min-heap of the best `topK` so far (root: the worst of them): O(n log k) instead of a full sort.
  const heap: number[] = [];
  for (const document of candidates) {
    if ((scores[document] as number) <= 0) continue;
    if (heap.length < topK) {
      heap.push(document);
      siftUp(heap, heap.length - 1, better);
    } else if (better(document, heap[0] as number)) {
      heap[0] = document;
      siftDown(heap, 0, better);
    }
  }
  heap.sort((a, c) => (better(a, c) ? -1 : 1));
  return heap.map((index) => ({ index, score: scores[index] as number }));
}

function siftUp(heap: number[], start: number, better: (a: number, c: number) => boolean): void {
  let child = start;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!better(heap[parent] as number, heap[child] as number)) break;
    swap(heap, parent, child);
    child = parent;
  }
}

function siftDown(heap: number[], start: number, better: (a: number, c: number) => boolean): void {
  let parent = start;
  for (;;) {
    const left = parent * 2 + 1;
    const right = left + 1;
    let worst = parent;
    if (left < heap.length && better(heap[worst] as number, heap[left] as number)) worst = left;
    if (right < heap.length && better(heap[worst] as number, heap[right] as number)) worst = right;
    if (worst === parent) return;
    swap(heap, parent, worst);
    parent = worst;
  }
}

function swap(heap: number[], i: number, j: number): void {
  const value = heap[i] as number;
  heap[i] = heap[j] as number;
  heap[j] = value;
}
