import type { RunSummary } from "../spec/run-summary.js";
import {
  classificationText,
  comparisonKind,
  comparisonVerdict,
  confusedPairs,
  entriesByCandidate,
  flakyPreview,
  formatDifference,
  formatDifferenceInterval,
  formatPValue,
} from "./analysis-view.js";
import { formatCount, formatInterval, formatPercent, formatScore } from "./format.js";
import { escapeMarkdownCell, escapeMarkdownInline, markdownTable } from "./markdown-text.js";

/** The Markdown report's sections for the schema 1.1 fields; each returns null when there is nothing to show. */

const flakyShown = 10;
const confusedShown = 3;

export function comparisonsMarkdown(summary: RunSummary): string | null {
  const comparisons = summary.comparisons ?? [];
  if (comparisons.length === 0) return null;
  const statements = comparisons.map((comparison) => {
    const verdict = comparisonVerdict(comparison);
    return `- **${escapeMarkdownInline(verdict.text)}** on _${escapeMarkdownInline(comparison.metric)}_: ${escapeMarkdownInline(comparison.statement)}`;
  });
  const rows = comparisons.map((comparison) => {
    const kind = comparisonKind(summary, comparison);
    return [
      escapeMarkdownCell(comparison.metric),
      escapeMarkdownCell(`${comparison.b} vs ${comparison.a}`),
      formatCount(comparison.n),
      formatDifference(kind, comparison.difference),
      formatDifferenceInterval(kind, comparison.ci_low, comparison.ci_high),
      formatPValue(comparison.p_value),
      comparison.test,
      comparison.minimum_detectable_effect === null ? "-" : formatDifference(kind, Math.abs(comparison.minimum_detectable_effect)).replace(/^\+/, ""),
    ];
  });
  const table = markdownTable({
    headers: ["Metric", "Compared", "n", "Difference (b − a)", "95% CI", "p", "Test", "Detectable"],
    align: ["l", "l", "r", "r", "l", "l", "l", "r"],
    rows,
  });
  const reference = escapeMarkdownInline(comparisons[0]?.a ?? "");
  return `## Comparisons\n\nPaired on the cases both candidates ran, each against **${reference}**; verdicts at the 5% level. Rates differ in percentage points (pp).\n\n${statements.join("\n")}\n\n${table}`;
}

export function classificationMarkdown(summary: RunSummary): string | null {
  const reports = entriesByCandidate(summary, (candidate) => candidate.classification);
  if (reports.length === 0) return null;
  const blocks = reports.map(({ candidate, entry: report }) => {
    const table = markdownTable({
      headers: ["Label", "Precision", "Recall", "F1", "Support"],
      align: ["l", "r", "r", "r", "r"],
      rows: report.per_class.map((entry) => [escapeMarkdownCell(entry.label), formatScore(entry.precision), formatScore(entry.recall), formatScore(entry.f1), formatCount(entry.support)]),
    });
    // Escaped text, not code spans: some Markdown renderers pass HTML inside code spans through.
    const pairs = confusedPairs(report, confusedShown).map((pair) => `_${escapeMarkdownInline(pair.expected)}_ → _${escapeMarkdownInline(pair.predicted)}_ ${formatCount(pair.count)} (${formatPercent(pair.share)})`);
    const confused = pairs.length === 0 ? "" : `\n\nMost confused (expected → predicted): ${pairs.join(", ")}.`;
    return `### ${escapeMarkdownInline(candidate.id)}: ${escapeMarkdownInline(report.scorer)}\n\n${escapeMarkdownInline(classificationText(report))}.${confused}\n\n${table}`;
  });
  return `## Classification\n\n${blocks.join("\n\n")}`;
}

export function labelRatesMarkdown(summary: RunSummary): string | null {
  const rates = entriesByCandidate(summary, (candidate) => candidate.label_rates);
  if (rates.length === 0) return null;
  const table = markdownTable({
    headers: ["Candidate", "Scorer", "Label", "Rate", "95% CI", "Count", "n"],
    align: ["l", "l", "l", "r", "l", "r", "r"],
    rows: rates.map(({ candidate, entry }) => [
      escapeMarkdownCell(candidate.id),
      escapeMarkdownCell(entry.scorer),
      escapeMarkdownCell(entry.label),
      formatPercent(entry.rate),
      formatInterval(entry.ci_low, entry.ci_high, formatPercent),
      formatCount(entry.count),
      formatCount(entry.n),
    ]),
  });
  return `## Label rates\n\n${table}\n\nIntervals are 95% Wilson.`;
}

export function judgeConsistencyMarkdown(summary: RunSummary): string | null {
  const judges = entriesByCandidate(summary, (candidate) => candidate.judge_consistency);
  if (judges.length === 0) return null;
  const table = markdownTable({
    headers: ["Candidate", "Judge", "Cases", "Samples per case", "Agreement", "Mean SD"],
    align: ["l", "l", "r", "r", "r", "r"],
    rows: judges.map(({ candidate, entry }) => [
      escapeMarkdownCell(candidate.id),
      escapeMarkdownCell(entry.scorer),
      formatCount(entry.cases),
      formatCount(entry.samples_per_case),
      formatPercent(entry.agreement),
      formatScore(entry.mean_sd),
    ]),
  });
  return `## Judge consistency\n\n${table}\n\nAgreement: cases whose samples all agree on pass/fail. Mean SD: mean standard deviation of the sample scores (0 is perfectly consistent).`;
}

export function repeatConsistencyMarkdown(summary: RunSummary): string | null {
  const entries = entriesByCandidate(summary, (candidate) => (candidate.consistency ? [candidate.consistency] : undefined));
  if (entries.length === 0) return null;
  const k = entries[0]?.entry.repeats ?? summary.repeats;
  const table = markdownTable({
    headers: ["Candidate", "Cases", `pass@${k}`, `pass^${k}`, "Always pass", "Always fail", "Flaky"],
    align: ["l", "r", "r", "r", "r", "r", "r"],
    rows: entries.map(({ candidate, entry }) => [
      escapeMarkdownCell(candidate.id),
      formatCount(entry.cases),
      formatPercent(entry.pass_at_k),
      formatPercent(entry.pass_hat_k),
      formatCount(entry.always_pass),
      formatCount(entry.always_fail),
      formatCount(entry.flaky_count),
    ]),
  });
  const flaky = entries.flatMap(({ candidate, entry }) => {
    const { ids, more } = flakyPreview(entry, flakyShown);
    if (ids.length === 0) return [];
    return [`- Flaky in **${escapeMarkdownInline(candidate.id)}**: ${ids.map(escapeMarkdownInline).join(", ")}${more > 0 ? ` and ${formatCount(more)} more` : ""}`];
  });
  const note = `pass@${k}: the chance that at least one of ${k} attempts passes; pass^${k}: that all ${k} do.`;
  return `## Repeat consistency\n\n${table}\n\n${note}${flaky.length > 0 ? `\n\n${flaky.join("\n")}` : ""}`;
}
