import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";
import { formatCount, formatInterval, formatMs, formatPercent, formatRate, formatScore, formatUsd } from "./format.js";
import { escapeMarkdownCell, escapeMarkdownInline, markdownCode, markdownCodeBlock, markdownTable } from "./markdown-text.js";
import {
  classificationMarkdown,
  comparisonsMarkdown,
  judgeConsistencyMarkdown,
  labelRatesMarkdown,
  repeatConsistencyMarkdown,
} from "./markdown-analysis.js";
import { failedCountText, failingCasesPerPage, failuresByCandidate, pagesOf, type FailingCase, type ReportExtras } from "./report-extras.js";
import { modelVersionMarkdown } from "./model-version-view.js";
import {
  findMetric,
  formatGateActual,
  formatMetricInterval,
  formatMetricValue,
  gateCounts,
  hasSimulatedFigures,
  isSimulatedCandidate,
  metricLabel,
  providerModel,
  scorerMetrics,
} from "./summary-view.js";

function candidateCell(candidate: CandidateSummary): string {
  const labels = candidate.labels.map((label) => ` _${escapeMarkdownCell(label)}_`).join("");
  const id = `**${escapeMarkdownCell(candidate.id)}**${labels}`;
  return isSimulatedCandidate(candidate) ? `${id} ⚠️` : id;
}

function candidatesSection(summary: RunSummary): string {
  if (summary.candidates.length === 0) return "## Candidates\n\nNo candidate ran.";
  const rows = summary.candidates.map((candidate) => {
    const passRate = findMetric(candidate, "pass_rate");
    const score = findMetric(candidate, "score");
    const { efficiency } = candidate;
    return [
      candidateCell(candidate),
      escapeMarkdownCell(providerModel(candidate)),
      formatCount(candidate.n),
      formatCount(candidate.errors),
      formatPercent(passRate?.mean),
      formatInterval(passRate?.ci_low, passRate?.ci_high, formatPercent),
      formatScore(score?.mean),
      formatMs(efficiency.latency_ms.p50),
      formatMs(efficiency.latency_ms.p95),
      formatRate(efficiency.output_tokens_per_second),
      efficiency.cost_per_1k_requests_usd === null ? "no price" : formatUsd(efficiency.cost_per_1k_requests_usd),
    ];
  });
  const table = markdownTable({
    headers: ["Candidate", "Provider/model", "n", "Errors", "Pass rate", "95% CI", "Score", "p50", "p95", "Tokens/s", "Cost / 1k requests"],
    align: ["l", "l", "r", "r", "r", "l", "r", "r", "r", "r", "r"],
    rows,
  });
  return `## Candidates\n\n${table}\n\nIntervals are 95%: Wilson for rates, t for means, bootstrap for corpus scores, clustered by case when cases repeat. Latency is per request, uncached calls only.`;
}

function metricsSection(summary: RunSummary): string | null {
  const rows: string[][] = [];
  for (const candidate of summary.candidates) {
    for (const metric of scorerMetrics(candidate)) {
      rows.push([
        candidateCell(candidate),
        escapeMarkdownCell(metricLabel(metric)),
        formatCount(metric.n),
        formatMetricValue(metric, metric.mean),
        formatMetricInterval(metric),
        metric.method,
      ]);
    }
  }
  if (rows.length === 0) return null;
  const table = markdownTable({ headers: ["Candidate", "Metric", "n", "Mean", "95% CI", "Interval"], align: ["l", "l", "r", "r", "l", "l"], rows });
  return `## Metrics by scorer\n\n${table}`;
}

function gatesSection(summary: RunSummary): string | null {
  if (summary.gates.length === 0) return null;
  const counts = gateCounts(summary.gates);
  const rows = summary.gates.map((gate) => [
    gate.passed ? "✅ PASS" : "❌ **FAIL**",
    escapeMarkdownCell(gate.candidate),
    markdownCode(gate.description),
    escapeMarkdownCell(formatGateActual(gate, summary)),
  ]);
  const table = markdownTable({ headers: ["Result", "Candidate", "Gate", "Actual"], align: ["l", "l", "l", "r"], rows });
  return `## Gates\n\n${counts.failed} failed, ${counts.passed} passed.\n\n${table}`;
}

function skippedSection(summary: RunSummary): string | null {
  if (summary.skipped.length === 0) return null;
  const lines = summary.skipped.map((skipped) => `- **${escapeMarkdownInline(skipped.candidate)}**: ${escapeMarkdownInline(skipped.reason)}`);
  return `## Skipped candidates\n\n${lines.join("\n")}`;
}

function failureBlock(failure: FailingCase): string {
  const repeat = failure.repeat === undefined || failure.repeat === 0 ? "" : ` (repeat ${failure.repeat + 1})`;
  const parts = [`**Case ${escapeMarkdownInline(failure.caseId)}**${repeat}: ${escapeMarkdownInline(failure.reason)}`];
  const scorers = failure.scorers ?? [];
  if (scorers.length > 0) {
    const rows = scorers.map((scorer) => [markdownCode(scorer.name), scorer.pass ? "pass" : "**fail**", scorer.score === null ? "-" : formatScore(scorer.score), escapeMarkdownCell(scorer.reason)]);
    parts.push("", markdownTable({ headers: ["Scorer", "Verdict", "Score", "Reason"], align: ["l", "l", "r", "l"], rows }));
  }
  if (failure.input !== undefined) parts.push("", failure.input === null ? "_Input: the dataset can no longer be read._" : `Input:\n\n${markdownCodeBlock(failure.input)}`);
  if (failure.expected !== undefined && failure.expected !== null) parts.push("", `Expected:\n\n${markdownCodeBlock(failure.expected)}`);
  parts.push("", failure.output === null ? "_No output (the call failed)._" : `Output:\n\n${markdownCodeBlock(failure.output)}`);
  return parts.join("\n");
}

/** Every failing case per candidate, with how many failed of how many, in pages of 25 (`<details>` blocks). */
function failuresSection(summary: RunSummary, extras: ReportExtras | undefined): string | null {
  const failures = extras?.failures ?? [];
  if (failures.length === 0) return null;
  const blocks = [...failuresByCandidate(failures)].map(([candidate, cases]) => {
    const total = summary.candidates.find((entry) => entry.id === candidate)?.n;
    const pages = pagesOf(cases);
    const pageBlocks = pages.map((page, index) => {
      const first = index * failingCasesPerPage + 1;
      const label = pages.length === 1 ? `Cases 1–${cases.length}` : `Page ${index + 1} of ${pages.length}: cases ${first}–${first + page.length - 1}`;
      return `<details${index === 0 ? " open" : ""}>\n<summary>${label}</summary>\n\n${page.map(failureBlock).join("\n\n")}\n\n</details>`;
    });
    return `### ${escapeMarkdownInline(candidate)}: ${failedCountText(cases.length, total, summary.repeats)}\n\n${pageBlocks.join("\n\n")}`;
  });
  return `## Failing cases\n\n${blocks.join("\n\n")}`;
}

/** The run as GitHub-flavoured Markdown (for PR comments and job summaries). */
export function renderMarkdown(summary: RunSummary, extras?: ReportExtras): string {
  const { run, dataset } = summary;
  const header = [
    `# ${escapeMarkdownInline(run.project)} / ${escapeMarkdownInline(run.suite)}`,
    "",
    `- Run: ${markdownCode(run.id)} (${escapeMarkdownInline(run.status)})`,
    `- Dataset: **${escapeMarkdownInline(dataset.name)}** (${markdownCode(dataset.path)}, ${formatCount(dataset.cases)} cases, hash ${markdownCode(dataset.hash)}), ${summary.repeats} repeat${summary.repeats === 1 ? "" : "s"}`,
    `- Started: ${escapeMarkdownInline(run.created_at)}${run.ended_at === null ? "" : `, ended: ${escapeMarkdownInline(run.ended_at)}`}`,
  ];
  if (hasSimulatedFigures(summary)) header.push("", "> [!WARNING]\n> **SIMULATED**: figures from the simulated provider are not real (rows marked ⚠️).");
  const sections = [
    header.join("\n"),
    candidatesSection(summary),
    metricsSection(summary),
    comparisonsMarkdown(summary),
    classificationMarkdown(summary),
    labelRatesMarkdown(summary),
    judgeConsistencyMarkdown(summary),
    repeatConsistencyMarkdown(summary),
    modelVersionMarkdown(summary),
    gatesSection(summary),
    skippedSection(summary),
    failuresSection(summary, extras),
  ];
  return `${sections.filter((section): section is string => section !== null).join("\n\n")}\n`;
}
