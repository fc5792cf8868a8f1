import type { ClassificationSummary, RunSummary } from "../spec/run-summary.js";
import {
  classificationText,
  comparisonKind,
  comparisonVerdict,
  confusedPairs,
  consistencyText,
  entriesByCandidate,
  flakyPreview,
  formatDifference,
  formatDifferenceInterval,
  formatPValue,
} from "./analysis-view.js";
import { escapeMarkup as e } from "./escape-markup.js";
import { formatCount, formatInterval, formatPercent, formatScore } from "./format.js";
import { confusionFigure, forestFigures, labelRateFigures } from "./html-analysis-charts.js";
import { candidateCell, num } from "./html-sections.js";
import { formatMetricInterval, formatMetricValue } from "./summary-view.js";

/** The HTML report's sections for the schema 1.1 fields; each returns null when there is nothing to show. Every piece of summary text passes through `e`. */

const confusedPairsShown = 20;
/** Flaky case ids shown on the collapsed line; the rest are one click away. */
const flakyInSummary = 5;

function table(headers: readonly string[], numeric: ReadonlySet<string>, rows: readonly string[]): string {
  const head = headers.map((header) => `<th${numeric.has(header) ? ' class="num"' : ""}>${e(header)}</th>`).join("");
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows.join("\n")}</tbody></table></div>`;
}

export function comparisonsSection(summary: RunSummary): string | null {
  const comparisons = summary.comparisons ?? [];
  if (comparisons.length === 0) return null;
  const statements = comparisons.map((comparison) => {
    const verdict = comparisonVerdict(comparison);
    return `<li><span class="verdict ${verdict.tone}">${e(verdict.text)}</span> <code>${e(comparison.metric)}</code>: ${e(comparison.statement)}</li>`;
  });
  const rows = comparisons.map((comparison) => {
    const kind = comparisonKind(summary, comparison);
    const verdict = comparisonVerdict(comparison);
    const detectable = comparison.minimum_detectable_effect === null ? "-" : formatDifference(kind, Math.abs(comparison.minimum_detectable_effect)).replace(/^\+/, "");
    return [
      "<tr>",
      `<td><code>${e(comparison.metric)}</code></td>`,
      `<td><strong>${e(comparison.b)}</strong> vs ${e(comparison.a)}</td>`,
      num(formatCount(comparison.n)),
      num(formatMetricValue({ kind }, comparison.mean_a)),
      num(formatMetricValue({ kind }, comparison.mean_b)),
      `<td class="num"><strong>${e(formatDifference(kind, comparison.difference))}</strong></td>`,
      `<td class="ci">${e(formatDifferenceInterval(kind, comparison.ci_low, comparison.ci_high))}</td>`,
      `<td>${e(formatPValue(comparison.p_value))}</td>`,
      `<td>${e(comparison.test)}</td>`,
      `<td><span class="verdict ${verdict.tone}">${e(comparison.verdict === "tie" ? "tie" : `${comparison.verdict === "a" ? comparison.a : comparison.b} better`)}</span></td>`,
      num(detectable),
      num(comparison.cases_needed === null ? "-" : formatCount(comparison.cases_needed)),
      "</tr>",
    ].join("");
  });
  const headers = ["Metric", "Compared", "n", "Mean a", "Mean b", "Difference b − a", "95% CI", "p", "Test", "Verdict", "Detectable", "Cases needed"];
  const reference = comparisons[0]?.a ?? "";
  return [
    `<p>Paired on the cases both candidates ran, each against <strong>${e(reference)}</strong>; verdicts at the 5% level. Rate differences are in percentage points (pp). Detectable: the smallest difference this n could detect (80% power).</p>`,
    `<ul class="statements">${statements.join("")}</ul>`,
    table(headers, new Set(["n", "Mean a", "Mean b", "Difference b − a", "Detectable", "Cases needed"]), rows),
    `<div class="charts">${forestFigures(summary).join("")}</div>`,
  ].join("");
}

/** Corpus-level scores apart from the per-case means: they are on their own scale (corpus BLEU 0-100). */
export function corpusMetricsTable(summary: RunSummary): string | null {
  const rows = summary.candidates.flatMap((candidate, index) =>
    candidate.metrics
      .filter((metric) => metric.kind === "corpus")
      .map((metric) => `<tr><td>${candidateCell(candidate, index)}</td><td><code>${e(metric.name)}</code></td>${num(formatCount(metric.n))}${num(formatMetricValue(metric, metric.mean))}<td class="ci">${e(formatMetricInterval(metric))}</td><td>${e(metric.method)}</td></tr>`),
  );
  if (rows.length === 0) return null;
  return `<p class="note">Corpus-level scores pool every case's statistics (corpus BLEU is not a mean of sentence scores) and are on the metric's own scale, not a percentage.</p>${table(["Candidate", "Metric", "n", "Score", "95% CI", "Interval"], new Set(["n", "Score"]), rows)}`;
}

function perClassTable(report: ClassificationSummary): string {
  const rows = report.per_class.map(
    (entry) => `<tr><td>${e(entry.label)}</td>${num(formatScore(entry.precision))}${num(formatScore(entry.recall))}${num(formatScore(entry.f1))}${num(formatCount(entry.support))}</tr>`,
  );
  return table(["Label", "Precision", "Recall", "F1", "Support"], new Set(["Precision", "Recall", "F1", "Support"]), rows);
}

function confusedPairsTable(report: ClassificationSummary): string {
  const pairs = confusedPairs(report, confusedPairsShown);
  if (pairs.length === 0) return `<p class="note">No confusion: every prediction was right.</p>`;
  const rows = pairs.map((pair) => `<tr><td>${e(pair.expected)}</td><td>${e(pair.predicted)}</td>${num(formatCount(pair.count))}${num(formatPercent(pair.share))}</tr>`);
  return `<p class="note">${report.confusion.labels.length} labels are too many for a readable matrix: the ${pairs.length} most frequent confusions instead.</p>${table(["Expected", "Predicted", "Count", "Share of expected"], new Set(["Count", "Share of expected"]), rows)}`;
}

export function classificationSection(summary: RunSummary): string | null {
  const reports = entriesByCandidate(summary, (candidate) => candidate.classification);
  if (reports.length === 0) return null;
  return reports
    .map(({ candidate, index, entry: report }, position) => {
      const matrix = confusionFigure({ report, candidate: candidate.id, id: `chart-confusion-${position}` }) ?? confusedPairsTable(report);
      return `<h3>${candidateCell(candidate, index)}: <code>${e(report.scorer)}</code></h3><p>${e(classificationText(report))}.</p><div class="pair"><div>${perClassTable(report)}</div><div>${matrix}</div></div>`;
    })
    .join("\n");
}

export function labelRatesSection(summary: RunSummary): string | null {
  const rates = entriesByCandidate(summary, (candidate) => candidate.label_rates);
  if (rates.length === 0) return null;
  const rows = rates.map(
    ({ candidate, index, entry }) =>
      `<tr><td>${candidateCell(candidate, index)}</td><td><code>${e(entry.scorer)}</code></td><td>${e(entry.label)}</td>${num(formatPercent(entry.rate))}<td class="ci">${e(formatInterval(entry.ci_low, entry.ci_high, formatPercent))}</td>${num(formatCount(entry.count))}${num(formatCount(entry.n))}</tr>`,
  );
  return `<div class="charts">${labelRateFigures(summary).join("")}</div>${table(["Candidate", "Scorer", "Label", "Rate", "95% CI", "Count", "n"], new Set(["Rate", "Count", "n"]), rows)}`;
}

export function judgeConsistencyTable(summary: RunSummary): string | null {
  const judges = entriesByCandidate(summary, (candidate) => candidate.judge_consistency);
  if (judges.length === 0) return null;
  const rows = judges.map(
    ({ candidate, index, entry }) =>
      `<tr><td>${candidateCell(candidate, index)}</td><td><code>${e(entry.scorer)}</code></td>${num(formatCount(entry.cases))}${num(formatCount(entry.samples_per_case))}${num(formatPercent(entry.agreement))}${num(formatScore(entry.mean_sd))}</tr>`,
  );
  return `${table(["Candidate", "Judge", "Cases", "Samples per case", "Agreement", "Mean SD"], new Set(["Cases", "Samples per case", "Agreement", "Mean SD"]), rows)}<p class="note">Agreement: cases whose samples all agree on pass/fail. Mean SD: mean standard deviation of the sample scores; 0 is perfectly consistent.</p>`;
}

export function repeatConsistencySection(summary: RunSummary): string | null {
  const entries = entriesByCandidate(summary, (candidate) => (candidate.consistency ? [candidate.consistency] : undefined));
  if (entries.length === 0) return null;
  const k = entries[0]?.entry.repeats ?? summary.repeats;
  const rows = entries.map(
    ({ candidate, index, entry }) =>
      `<tr title="${e(consistencyText(entry))}"><td>${candidateCell(candidate, index)}</td>${num(formatCount(entry.cases))}${num(formatPercent(entry.pass_at_k))}${num(formatPercent(entry.pass_hat_k))}${num(formatCount(entry.always_pass))}${num(formatCount(entry.always_fail))}${num(formatCount(entry.flaky_count))}</tr>`,
  );
  const flaky = entries
    .filter(({ entry }) => entry.flaky_cases.length > 0)
    .map(({ candidate, entry }) => {
      const unlisted = entry.flaky_count - entry.flaky_cases.length;
      const more = unlisted > 0 ? ` and ${formatCount(unlisted)} more not listed` : "";
      const { ids } = flakyPreview(entry, flakyInSummary);
      const first = ` (${ids.join(", ")}${entry.flaky_count > ids.length ? ", …" : ""})`;
      return `<details><summary>${e(candidate.id)}: ${formatCount(entry.flaky_count)} flaky case${entry.flaky_count === 1 ? "" : "s"}${e(first)}</summary><p>${entry.flaky_cases.map((id) => `<code>${e(id)}</code>`).join(" ")}${e(more)}</p></details>`;
    });
  const headers = ["Candidate", "Cases", `pass@${k}`, `pass^${k}`, "Always pass", "Always fail", "Flaky"];
  return `${table(headers, new Set(headers.slice(1)), rows)}<p class="note">pass@${k}: the chance that at least one of ${k} attempts passes; pass^${k}: that all ${k} do. Flaky cases passed some attempts and failed others.</p>${flaky.join("\n")}`;
}
