import { tokenize } from "../../retrieval/tokenize.js";

/** A sparse feature vector: ascending feature indices and their values. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float64Array;
}

export interface TfidfOptions {
  /** Longest word n-gram (default 2: unigrams and bigrams). */
  wordNgrams?: number;
  /** Character n-gram lengths inside word boundaries, e.g. [3, 5]; omitted: no character features. */
  charNgrams?: readonly [number, number];
  /** Keep a feature only when at least this many training texts contain it (default 1). */
  minDocumentFrequency?: number;
}

type FeatureFamily = "word" | "char";

/**
 * TF-IDF features as scikit-learn computes them (sublinear tf `1 + ln tf`, smooth idf
 * `ln((1 + N) / (1 + df)) + 1`, l2-normalised). Word and character families are normalised separately
 * and concatenated with equal weight, so neither drowns the other.
 */
export class TfidfVectorizer {
  private constructor(
    private readonly options: Required<Omit<TfidfOptions, "charNgrams">> & Pick<TfidfOptions, "charNgrams">,
    private readonly vocabulary: ReadonlyMap<string, number>,
    private readonly idf: Float64Array,
    /** Character features come first ("c:" sorts before "w:"); word features start here. */
    private readonly wordFeatureStart: number,
  ) {}

  /** Learns the vocabulary and idf weights from training texts. */
  static fit(texts: readonly string[], options: TfidfOptions = {}): TfidfVectorizer {
    const resolved = { wordNgrams: options.wordNgrams ?? 2, minDocumentFrequency: options.minDocumentFrequency ?? 1, charNgrams: options.charNgrams };
    const documentFrequency = new Map<string, number>();
    for (const text of texts) {
      for (const feature of new Set(extractFeatures(text, resolved))) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    }
    // Sorted ("c:" before "w:", then by text) so the same training data always numbers features the same
    // way (deterministic models) and each family is one contiguous range.
    const kept = [...documentFrequency.entries()].filter(([, count]) => count >= resolved.minDocumentFrequency).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const wordStart = kept.findIndex(([feature]) => feature.startsWith("w:"));
    const vocabulary = new Map<string, number>();
    const idf = new Float64Array(kept.length);
    kept.forEach(([feature, count], index) => {
      vocabulary.set(feature, index);
      idf[index] = Math.log((1 + texts.length) / (1 + count)) + 1;
    });
    return new TfidfVectorizer(resolved, vocabulary, idf, wordStart === -1 ? kept.length : wordStart);
  }

  /** Number of features. */
  get dimension(): number {
    return this.idf.length;
  }

  transform(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const feature of extractFeatures(text, this.options)) {
      const index = this.vocabulary.get(feature);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const indices = Uint32Array.from(counts.keys()).sort();
    const values = new Float64Array(indices.length);
    const families = new Map<FeatureFamily, number>();
    const familyOf = (index: number): FeatureFamily => (this.isCharFeature(index) ? "char" : "word");
    indices.forEach((index, position) => {
      const weight = (1 + Math.log(counts.get(index) ?? 1)) * (this.idf[index] ?? 0);
      values[position] = weight;
      const family = familyOf(index);
      families.set(family, (families.get(family) ?? 0) + weight * weight);
    });
    const familyScale = 1 / Math.sqrt(families.size || 1);
    indices.forEach((index, position) => {
      const norm = Math.sqrt(families.get(familyOf(index)) ?? 1);
      values[position] = ((values[position] ?? 0) / norm) * familyScale;
    });
    return { indices, values };
  }

  private isCharFeature(index: number): boolean {
    return index < this.wordFeatureStart;
  }
}

function extractFeatures(text: string, options: { wordNgrams: number; charNgrams?: readonly [number, number] | undefined }): string[] {
  const features: string[] = [];
  // Stop words are kept: in short intents "my card" and "a card" differ, and negations matter.
  const words = tokenize(text, { removeStopWords: false });
  for (let length = 1; length <= options.wordNgrams; length += 1) {
    for (let start = 0; start + length <= words.length; start += 1) features.push(`w:${words.slice(start, start + length).join(" ")}`);
  }
  if (options.charNgrams) {
    const [shortest, longest] = options.charNgrams;
    for (const word of tokenize(text, { removeStopWords: false, stem: false })) {
      const padded = ` ${word} `;
      for (let length = shortest; length <= longest; length += 1) {
        for (let start = 0; start + length <= padded.length; start += 1) features.push(`c:${padded.slice(start, start + length)}`);
      }
    }
  }
  return features;
}
