import type { ScoreInput } from "../../spec/scorer.js";

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/**
 * The most frequent label among K samples. Equal counts are settled by `tieBreak`: the label that sorts
 * first wins (each scorer documents its rule, e.g. "the lower score" so an undecided judge never passes a case).
 */
export function majority<Label extends string>(labels: readonly Label[], tieBreak: (left: Label, right: Label) => number): Label {
  const counts = new Map<Label, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let best: Label | undefined;
  let bestCount = 0;
  for (const [label, count] of counts) {
    if (best === undefined || count > bestCount || (count === bestCount && tieBreak(label, best) < 0)) {
      best = label;
      bestCount = count;
    }
  }
  if (best === undefined) throw new RangeError("majority: no labels");
  return best;
}

/**
 * The key of a case's judge seeds. It leaves the candidate out on purpose: every candidate's output on
 * a case is judged with the same seeds (common random numbers), which lowers the noise of paired comparisons.
 */
export function sampleKey(input: ScoreInput): string {
  return input.caseId;
}

/** `(K=3 samples: 1, 0.5, 1)` for reasons, or nothing for a single sample. */
export function samplesNote(scores: readonly number[]): string {
  if (scores.length <= 1) return "";
  return ` (K=${scores.length} samples: ${scores.map((score) => Number(score.toFixed(3))).join(", ")})`;
}
