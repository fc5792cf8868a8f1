import type { EmbeddingModelV1 } from "../../spec/language-model.js";
import type { ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { preview, scorerBase, scorerFailure, type ScorerFactoryOptions } from "../scorer-options.js";

/**
 * Cosine of the angle between two vectors, in [-1, 1]; 0 when either is all zeros (no direction).
 * Throws a RangeError when the lengths differ.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: vectors of different lengths (${a.length} and ${b.length})`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index] as number;
    const y = b[index] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  const cosine = dot / (Math.sqrt(normA) * Math.sqrt(normB));
  // A zero vector (or one so small its norm underflows) has no direction: NaN or infinity becomes 0.
  if (!Number.isFinite(cosine)) return 0;
  // Rounding can push |cos| a hair past 1 for parallel vectors.
  return Math.max(-1, Math.min(1, cosine));
}

/** Default pass mark: paraphrases of one answer usually land above 0.8 with current embedding models. */
export const defaultCosineThreshold = 0.8;
/** Distinct reference texts whose embeddings are kept (a reference used by many cases is embedded once). */
export const referenceCacheSize = 10_000;

/**
 * `cosine-similarity`: embeds the output and the reference(s) with the scorer's embedding provider and
 * scores the highest cosine similarity over the references. Negative similarity (pointing away from
 * every reference) counts as 0, so the score stays in [0, 1]. Reference embeddings are cached per
 * distinct text (least recently used out past `referenceCacheSize`), and the output and any uncached
 * references share one embedding call. The embedder is resolved on the first case; without scorer
 * models (`options.models`) every case fails with a `scorer_failed` error saying so.
 */
export function createCosineSimilarityScorer(config: ScorerConfigOf<"cosine-similarity">, options: ScorerFactoryOptions): ScorerV1 {
  const name = options.name;
  const references = createReferenceValues({ name, templates: config.value === undefined ? undefined : [config.value], render: options.render });
  const cache = new Map<string, Promise<number[]>>();
  let embedder: Promise<EmbeddingModelV1> | undefined;

  const resolveEmbedder = (): Promise<EmbeddingModelV1> => {
    const models = options.models;
    if (models === undefined) {
      return Promise.reject(scorerFailure(name, `needs the embedding provider "${config.provider}", but no scorer models were supplied to this run`));
    }
    embedder ??= models.embedder(config.provider).catch((error: unknown) => {
      embedder = undefined;
      throw scorerFailure(name, `could not open the embedding provider "${config.provider}": ${error instanceof Error ? error.message : String(error)}`, error);
    });
    return embedder;
  };

  const remember = (text: string, vector: Promise<number[]>): void => {
    cache.set(text, vector);
    // A failed call must not poison the cache: the next case embeds the text again.
    vector.catch(() => {
      if (cache.get(text) === vector) cache.delete(text);
    });
    if (cache.size > referenceCacheSize) cache.delete(cache.keys().next().value as string);
  };

  const lookup = (text: string): Promise<number[]> | undefined => {
    const hit = cache.get(text);
    if (hit !== undefined) {
      // Map order is insertion order: moving a hit to the end makes the first key the least recently used.
      cache.delete(text);
      cache.set(text, hit);
    }
    return hit;
  };

  return {
    ...scorerBase({ ...config, threshold: config.threshold ?? defaultCosineThreshold }, options),
    async score(input) {
      const model = await resolveEmbedder();
      const texts = [...new Set(references(input))];
      if (texts.length === 0) throw scorerFailure(name, `case ${input.caseId} has no reference to compare with`);
      const vectors = new Map<string, Promise<number[]>>();
      const missing: string[] = [];
      for (const text of texts) {
        const cached = lookup(text);
        if (cached) vectors.set(text, cached);
        else missing.push(text);
      }
      const call = model.embed({ values: [input.output, ...missing] }).then((result) => {
        if (result.embeddings.length !== missing.length + 1) {
          throw scorerFailure(name, `the embedding provider returned ${result.embeddings.length} vectors for ${missing.length + 1} texts`);
        }
        return result.embeddings;
      });
      missing.forEach((text, index) => {
        const vector = call.then((embeddings) => embeddings[index + 1] as number[]);
        vectors.set(text, vector);
        remember(text, vector);
      });
      const output = (await call)[0] as number[];
      let best = -Infinity;
      let bestText = "";
      for (const text of texts) {
        const reference = await (vectors.get(text) as Promise<number[]>);
        if (reference.length !== output.length) {
          throw scorerFailure(name, `the output's embedding has ${output.length} dimensions but the reference's has ${reference.length}`);
        }
        const similarity = cosineSimilarity(output, reference);
        if (similarity > best) {
          best = similarity;
          bestText = text;
        }
      }
      const score = Math.max(0, best);
      const closest = texts.length === 1 ? "the reference" : `the closest reference ${preview(bestText, 40)}`;
      return { score, reason: `cosine similarity ${best.toFixed(3)} to ${closest}${best < 0 ? " (negative counts as 0)" : ""}` };
    },
  };
}
