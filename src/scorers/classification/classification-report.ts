/**
 * Classification metrics over (expected, predicted) label pairs, defined as scikit-learn defines them
 * (`classification_report`, `precision_recall_fscore_support`, `confusion_matrix`,
 * `cohen_kappa_score`), with `zero_division=0`: a ratio whose denominator is 0 (precision of a class
 * never predicted, recall of a class with no support) counts as 0, as sklearn's default does after
 * warning. Pure: no I/O, no state.
 */

/** The column of the confusion matrix that collects predictions outside the label set. */
export const otherLabel = "(other)";

export interface LabelPair {
  expected: string;
  predicted: string;
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Cases whose expected label is this one. */
  support: number;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassificationReport {
  /** Pairs counted. */
  n: number;
  /** Share of pairs whose predicted label equals the expected one (0 when n is 0). */
  accuracy: number;
  /** The classes, in report order: the rows of `confusion`. */
  labels: string[];
  /** The columns of `confusion`: `labels`, then `(other)` when some prediction fell outside them. */
  predictedLabels: string[];
  perClass: ClassMetrics[];
  /** Unweighted mean of the per-class figures (sklearn `average="macro"`; F1 is the mean of per-class F1s). */
  macro: AveragedMetrics;
  /** From the summed counts over the classes (sklearn `average="micro"`). */
  micro: AveragedMetrics;
  /** Per-class F1 weighted by support (sklearn `average="weighted"`). */
  weightedF1: number;
  /** Counts; rows are expected labels, columns predicted labels, both in `labels` order (plus `(other)`). */
  confusion: number[][];
  /** Cohen's kappa between expected and predicted; null when undefined (chance agreement is 1, e.g. one class only, or n = 0). */
  kappa: number | null;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function harmonic(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The classes of a report. Without `labels`: every label seen as expected or predicted, sorted (as
 * sklearn's `unique_labels`), so a prediction outside the expected set is a class of its own with
 * support 0. With `labels`: those, in their order, then any expected label missing from them (sorted):
 * every true class is reported; predictions outside the classes go to the `(other)` column and count
 * as wrong, but are no class (as sklearn called with `labels=` that set).
 */
function classesOf(pairs: readonly LabelPair[], labels: readonly string[] | undefined): string[] {
  if (labels === undefined) {
    const seen = new Set<string>();
    for (const pair of pairs) {
      seen.add(pair.expected);
      seen.add(pair.predicted);
    }
    return [...seen].sort(compareCodePoints);
  }
  const classes = [...new Set(labels)];
  const known = new Set(classes);
  const missing = new Set<string>();
  for (const pair of pairs) if (!known.has(pair.expected)) missing.add(pair.expected);
  return [...classes, ...[...missing].sort(compareCodePoints)];
}

export function classificationReport(pairs: readonly LabelPair[], labels?: readonly string[]): ClassificationReport {
  const classes = classesOf(pairs, labels);
  const index = new Map(classes.map((label, position) => [label, position]));
  const k = classes.length;
  const confusion = classes.map(() => new Array<number>(k + 1).fill(0));
  let correct = 0;
  let other = 0;
  for (const pair of pairs) {
    const row = index.get(pair.expected) as number;
    const column = index.get(pair.predicted) ?? k;
    (confusion[row] as number[])[column] = ((confusion[row] as number[])[column] as number) + 1;
    if (column === k) other += 1;
    if (pair.expected === pair.predicted) correct += 1;
  }
  const n = pairs.length;

  const support = new Array<number>(k).fill(0);
  const predictedCount = new Array<number>(k + 1).fill(0);
  for (let row = 0; row < k; row += 1) {
    for (let column = 0; column <= k; column += 1) {
      const count = (confusion[row] as number[])[column] as number;
      support[row] = (support[row] as number) + count;
      predictedCount[column] = (predictedCount[column] as number) + count;
    }
  }

  const perClass: ClassMetrics[] = [];
  let truePositives = 0;
  let predictedInClasses = 0;
  for (let position = 0; position < k; position += 1) {
    const tp = (confusion[position] as number[])[position] as number;
    const precision = ratio(tp, predictedCount[position] as number);
    const recall = ratio(tp, support[position] as number);
    perClass.push({ label: classes[position] as string, precision, recall, f1: harmonic(precision, recall), support: support[position] as number });
    truePositives += tp;
    predictedInClasses += predictedCount[position] as number;
  }

  const mean = (pick: (metrics: ClassMetrics) => number): number => (k === 0 ? 0 : perClass.reduce((sum, metrics) => sum + pick(metrics), 0) / k);
  const microPrecision = ratio(truePositives, predictedInClasses);
  const microRecall = ratio(truePositives, n);
  const weightedF1 = ratio(
    perClass.reduce((sum, metrics) => sum + metrics.f1 * metrics.support, 0),
    n,
  );

  // Kappa: observed agreement against the agreement expected from the two marginals. The (other)
  // column has no expected mass, so lumping out-of-set predictions together leaves kappa unchanged.
  let chance = 0;
  for (let position = 0; position < k; position += 1) chance += ((support[position] as number) / n) * ((predictedCount[position] as number) / n);
  const observed = ratio(correct, n);
  const kappa = n === 0 || chance >= 1 - 1e-12 ? null : (observed - chance) / (1 - chance);

  return {
    n,
    accuracy: observed,
    labels: classes,
    predictedLabels: other > 0 ? [...classes, otherLabel] : [...classes],
    perClass,
    macro: { precision: mean((metrics) => metrics.precision), recall: mean((metrics) => metrics.recall), f1: mean((metrics) => metrics.f1) },
    micro: { precision: microPrecision, recall: microRecall, f1: harmonic(microPrecision, microRecall) },
    weightedF1,
    confusion: other > 0 ? confusion : confusion.map((row) => row.slice(0, k)),
    kappa,
  };
}
