import type {
  ClassificationSummary,
  ComparisonSummary,
  ConsistencySummary,
  JudgeConsistency,
  LabelRate,
  MetricSummary,
  RunSummary,
} from "../spec/run-summary.js";
import { formatCount, formatInterval, formatPercent, formatScore, missingValue } from "./format.js";

/**
 * Plain-text views of the schema 1.1 parts of a summary (comparisons, classification, label rates,
 * judge and repeat consistency), shared by the terminal, Markdown and HTML renderers so a figure
 * reads the same everywhere. Callers escape the text for their markup.
 */

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** The kind of the metric a comparison is about, read from either candidate; `mean` when unknown. */
export function comparisonKind(summary: RunSummary, comparison: ComparisonSummary): MetricSummary["kind"] {
  for (const id of [comparison.a, comparison.b]) {
    const kind = summary.candidates.find((candidate) => candidate.id === id)?.metrics.find((metric) => metric.name === comparison.metric)?.kind;
    if (kind !== undefined) return kind;
  }
  return comparison.test === "mcnemar" ? "proportion" : "mean";
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text;
}

/** A difference in the metric's unit: percentage points for rates (`-23.2 pp`), points for corpus scores, a score otherwise. */
export function formatDifference(kind: MetricSummary["kind"], value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return missingValue;
  if (kind === "proportion") return `${signed((value * 100).toFixed(1), value)} pp`;
  if (kind === "corpus") return signed(value.toFixed(2), value);
  return signed(formatScore(value), value);
}

export function formatDifferenceInterval(kind: MetricSummary["kind"], low: number, high: number): string {
  if (kind === "proportion") return formatInterval(low, high, (value) => (value * 100).toFixed(1));
  if (kind === "corpus") return formatInterval(low, high, (value) => value.toFixed(2));
  return formatInterval(low, high, formatScore);
}

/** `p < 0.001`, `p = 0.009`, `p = 0.42`. */
export function formatPValue(value: number): string {
  if (!isFiniteNumber(value)) return `p ${missingValue}`;
  if (value < 0.001) return "p < 0.001";
  return `p = ${value < 0.01 ? value.toFixed(3) : value.toFixed(2)}`;
}

/** How a verdict is coloured: from the point of view of `b`, the candidate compared with the reference. */
export type VerdictTone = "better" | "worse" | "tie";

export interface VerdictView {
  text: string;
  tone: VerdictTone;
}

/** `local-qwen better`, or `cannot tell apart with n = 198; about 2,310 cases needed`. */
export function comparisonVerdict(comparison: ComparisonSummary): VerdictView {
  if (comparison.verdict === "b") return { text: `${comparison.b} better`, tone: "better" };
  if (comparison.verdict === "a") return { text: `${comparison.a} better`, tone: "worse" };
  const needed = comparison.cases_needed === null ? "" : `; about ${formatCount(comparison.cases_needed)} cases needed`;
  return { text: `cannot tell apart with n = ${formatCount(comparison.n)}${needed}`, tone: "tie" };
}

/** `toxicity: toxic 2.0% [0.9%, 4.6%] of 250`. */
export function labelRateText(rate: LabelRate): string {
  return `${rate.scorer}: ${rate.label} ${formatPercent(rate.rate)} ${formatInterval(rate.ci_low, rate.ci_high, formatPercent)} of ${formatCount(rate.n)}`;
}

/** `helpfulness: agreement 93.9% over 198 cases, 3 samples each, mean sd 0.041`. */
export function judgeConsistencyText(judge: JudgeConsistency): string {
  return `${judge.scorer}: agreement ${formatPercent(judge.agreement)} over ${formatCount(judge.cases)} cases, ${judge.samples_per_case} samples each, mean sd ${formatScore(judge.mean_sd)}`;
}

/** `pass@2 91.0%, pass^2 77.7% over 100 cases: 77 always pass, 9 always fail, 14 flaky`. */
export function consistencyText(consistency: ConsistencySummary): string {
  const k = consistency.repeats;
  return `pass@${k} ${formatPercent(consistency.pass_at_k)}, pass^${k} ${formatPercent(consistency.pass_hat_k)} over ${formatCount(consistency.cases)} cases: ${formatCount(consistency.always_pass)} always pass, ${formatCount(consistency.always_fail)} always fail, ${formatCount(consistency.flaky_count)} flaky`;
}

/** The first `limit` flaky case ids and how many more there are (listed or not). */
export function flakyPreview(consistency: ConsistencySummary, limit: number): { ids: string[]; more: number } {
  const ids = consistency.flaky_cases.slice(0, limit);
  return { ids, more: Math.max(0, consistency.flaky_count - ids.length) };
}

/** `accuracy 87.9% [82.6%, 91.7%] of 198, macro-F1 0.887, micro-F1 0.879, weighted-F1 0.885, kappa 0.838`. */
export function classificationText(report: ClassificationSummary): string {
  const accuracy = `accuracy ${formatPercent(report.accuracy)} ${formatInterval(report.accuracy_ci_low, report.accuracy_ci_high, formatPercent)} of ${formatCount(report.n)}`;
  return `${accuracy}, macro-F1 ${formatScore(report.macro_f1)}, micro-F1 ${formatScore(report.micro_f1)}, weighted-F1 ${formatScore(report.weighted_f1)}, kappa ${formatScore(report.kappa)}`;
}

export interface ConfusedPair {
  expected: string;
  predicted: string;
  count: number;
  /** Share of the expected label's row. */
  share: number;
}

/** Off-diagonal cells, most frequent first (ties by share, then by position, so the order is stable). */
export function confusedPairs(report: ClassificationSummary, limit: number): ConfusedPair[] {
  const { labels, predicted_labels: predicted, matrix } = report.confusion;
  const pairs: ConfusedPair[] = [];
  matrix.forEach((row, rowIndex) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    const expected = labels[rowIndex] ?? `#${rowIndex}`;
    row.forEach((count, columnIndex) => {
      const column = predicted[columnIndex] ?? `#${columnIndex}`;
      if (count <= 0 || column === expected) return;
      pairs.push({ expected, predicted: column, count, share: total > 0 ? count / total : 0 });
    });
  });
  return pairs.sort((left, right) => right.count - left.count || right.share - left.share).slice(0, limit);
}

/** Every candidate's entries of one optional list, with the candidate's index (for colour and labels). */
export function entriesByCandidate<T>(summary: RunSummary, pick: (candidate: RunSummary["candidates"][number]) => readonly T[] | undefined): { candidate: RunSummary["candidates"][number]; index: number; entry: T }[] {
  return summary.candidates.flatMap((candidate, index) => (pick(candidate) ?? []).map((entry) => ({ candidate, index, entry })));
}
