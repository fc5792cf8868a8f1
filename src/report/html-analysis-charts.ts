import type { ClassificationSummary, RunSummary } from "../spec/run-summary.js";
import { comparisonKind, comparisonVerdict, entriesByCandidate, formatDifference, formatPValue } from "./analysis-view.js";
import { escapeMarkup } from "./escape-markup.js";
import { formatPercent, formatPlain } from "./format.js";
import { isSimulatedCandidate } from "./summary-view.js";
import { maxConfusionLabels, renderConfusionMatrixChart } from "./svg/confusion-matrix-chart.js";
import { renderForestPlot } from "./svg/forest-plot.js";
import { renderIntervalBarChart } from "./svg/interval-bar-chart.js";
import { candidateColor } from "./svg/palette.js";
import { niceStep } from "./svg/scale.js";

/** Figures for the schema 1.1 parts of a summary; each returns <figure> markup, or nothing to draw. */

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeMarkup(caption)}</figcaption></figure>`;
}

/** One forest plot per compared metric (differences of different metrics do not share a unit). */
export function forestFigures(summary: RunSummary): string[] {
  const comparisons = summary.comparisons ?? [];
  const metrics = [...new Set(comparisons.map((comparison) => comparison.metric))];
  return metrics.map((metric, index) => {
    const entries = comparisons.filter((comparison) => comparison.metric === metric);
    const kind = entries[0] ? comparisonKind(summary, entries[0]) : "mean";
    const rows = entries.map((comparison) => ({
      compared: comparison.b,
      reference: comparison.a,
      difference: comparison.difference,
      low: comparison.ci_low,
      high: comparison.ci_high,
      tone: comparisonVerdict(comparison).tone,
      tooltip: `${comparisonVerdict(comparison).text}: ${comparison.statement}`,
    }));
    const format = kind === "proportion" ? (value: number) => formatPlain(value * 100) : formatPlain;
    const unit = kind === "proportion" ? "percentage points" : kind === "corpus" ? "corpus score points" : "score";
    const svg = renderForestPlot({ id: `chart-forest-${index}`, metric, rows, format, axisLabel: `difference, row's first − second (${unit})` });
    const tests = [...new Set(entries.map((comparison) => `${comparison.test}, ${formatPValue(comparison.p_value)}`))];
    return figure(svg, `${metric}: difference of each row's first candidate minus its second (the reference), with its 95% interval; right of zero favours the first. Green: the first better, red: the reference better, grey: cannot tell apart (${tests.join("; ")}).`);
  });
}

/** The heat map of one classification report, or null past `maxConfusionLabels` labels (the caller shows confused pairs). */
export function confusionFigure(options: { report: ClassificationSummary; candidate: string; id: string }): string | null {
  const { report } = options;
  const { labels, predicted_labels: predicted, matrix } = report.confusion;
  if (labels.length === 0 || Math.max(labels.length, predicted.length) > maxConfusionLabels) return null;
  const svg = renderConfusionMatrixChart({ id: options.id, subject: `${report.scorer} (${options.candidate})`, rowLabels: labels, columnLabels: predicted, matrix });
  return figure(svg, "Rows: expected label; columns: predicted label. Cells hold counts, shaded by their share of the row: blue on the diagonal (right), red off it (confused). Hover a cell or a cut label for the full text.");
}

/** One chart per labelling scorer and label, candidates as bars, on an axis zoomed to the rates (they are often a few percent). */
export function labelRateFigures(summary: RunSummary): string[] {
  const entries = entriesByCandidate(summary, (candidate) => candidate.label_rates);
  const keys = [...new Map(entries.map(({ entry }) => [`${entry.scorer}\u0000${entry.label}`, entry])).values()];
  return keys.map((key, index) => {
    const matching = entries.filter(({ entry }) => entry.scorer === key.scorer && entry.label === key.label);
    const bars = matching.map(({ candidate, index: candidateIndex, entry }) => ({
      label: candidate.id,
      mean: entry.rate,
      low: entry.ci_low,
      high: entry.ci_high,
      color: candidateColor(candidateIndex),
      simulated: isSimulatedCandidate(candidate),
    }));
    const highest = Math.max(0, ...bars.map((bar) => bar.high));
    // Zoomed to the largest upper bound (rounded up to a nice step), never past 100%.
    const step = niceStep(Math.max(highest, 0.01), 4);
    const top = Math.min(1, Math.ceil(highest / step) * step || step);
    const svg = renderIntervalBarChart({
      id: `chart-rate-${index}`,
      metric: `${key.scorer}: ${key.label}`,
      kind: "proportion",
      bars,
      domain: [0, top],
      title: `${key.scorer}: rate of ${key.label} with 95% Wilson interval per candidate`,
    });
    const zoom = top < 1 ? `; axis from 0 to ${formatPercent(top).replace(".0%", "%")}` : "";
    return figure(svg, `${key.scorer}: share of cases labelled ${key.label}, 95% Wilson interval${zoom}.`);
  });
}
