import type { ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { preview, scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";

/**
 * Levenshtein distance (insertions, deletions and substitutions of one character, each costing 1)
 * over Unicode code points, so an emoji or an astral CJK character is one character, as in Python.
 */

function toCodePoints(text: string): number[] {
  const points: number[] = [];
  for (const character of text) points.push(character.codePointAt(0) as number);
  return points;
}

/**
 * Myers' bit-parallel algorithm (Hyyrö's formulation) for a pattern of at most 32 characters: one
 * pass over `text` with the DP column held in two 32-bit vectors.
 */
function bitParallelDistance(pattern: readonly number[], text: readonly number[]): number {
  const positions = new Map<number, number>();
  pattern.forEach((point, index) => positions.set(point, (positions.get(point) ?? 0) | (1 << index)));
  let positive = -1;
  let negative = 0;
  let distance = pattern.length;
  const last = 1 << (pattern.length - 1);
  for (const point of text) {
    const equal = positions.get(point) ?? 0;
    const vertical = equal | negative;
    const horizontal = (((equal & positive) + positive) ^ positive) | equal;
    let horizontalPositive = negative | ~(horizontal | positive);
    let horizontalNegative = positive & horizontal;
    if (horizontalPositive & last) distance++;
    if (horizontalNegative & last) distance--;
    horizontalPositive = (horizontalPositive << 1) | 1;
    horizontalNegative <<= 1;
    positive = horizontalNegative | ~(vertical | horizontalPositive);
    negative = horizontalPositive & vertical;
  }
  return distance;
}

/** The textbook dynamic programme, two rows of the table at a time. */
export function dynamicProgrammingDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const point = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (point === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

function distanceOfPoints(left: readonly number[], right: readonly number[]): number {
  // A shared prefix or suffix never changes the distance; trimming it makes near-matches cheap.
  let start = 0;
  while (start < left.length && start < right.length && left[start] === right[start]) start++;
  let leftEnd = left.length;
  let rightEnd = right.length;
  while (leftEnd > start && rightEnd > start && left[leftEnd - 1] === right[rightEnd - 1]) {
    leftEnd--;
    rightEnd--;
  }
  const a = left.slice(start, leftEnd);
  const b = right.slice(start, rightEnd);
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length <= 32 ? bitParallelDistance(shorter, longer) : dynamicProgrammingDistance(shorter, longer);
}

/** The Levenshtein distance between two strings, in code points. */
export function levenshteinDistance(a: string, b: string): number {
  return distanceOfPoints(toCodePoints(a), toCodePoints(b));
}

/** 1 - distance / the longer length in code points; 1 for two empty strings. In [0, 1]. */
export function levenshteinSimilarity(a: string, b: string): number {
  const left = toCodePoints(a);
  const right = toCodePoints(b);
  const longer = Math.max(left.length, right.length);
  return longer === 0 ? 1 : 1 - distanceOfPoints(left, right) / longer;
}

/** `levenshtein`: the best similarity over the references; threshold 0.8 by default. */
export function createLevenshteinScorer(config: ScorerConfigOf<"levenshtein">, options: ScorerFactoryOptions): ScorerV1 {
  const references = createReferenceValues({ name: options.name, templates: config.value === undefined ? undefined : [config.value], render: options.render });
  const threshold = config.threshold ?? 0.8;
  return {
    ...scorerBase({ ...config, threshold }, options),
    score(input): ScoreOutcome {
      const output = toCodePoints(input.output);
      let best: { similarity: number; distance: number; reference: string } | undefined;
      for (const reference of references(input)) {
        const points = toCodePoints(reference);
        const distance = distanceOfPoints(output, points);
        const longer = Math.max(output.length, points.length);
        const similarity = longer === 0 ? 1 : 1 - distance / longer;
        if (best === undefined || similarity > best.similarity) best = { similarity, distance, reference };
      }
      if (best === undefined) return { score: 0, reason: "no reference to compare with" };
      if (best.similarity >= threshold) return { score: best.similarity };
      return { score: best.similarity, reason: `distance ${best.distance} to ${preview(best.reference, 60)} (similarity ${best.similarity.toFixed(3)})` };
    },
  };
}
