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
import type { FailingCase, ReportExtras } from "./report-extras.js";
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
  const parts = [`**Case ${escapeMarkdownInline(failure.caseId)}**: ${escapeMarkdownInline(failure.reason)}`, ""];
  parts.push(failure.output === null ? "_No output (the call failed)._" : `Output:\n\n${markdownCodeBlock(failure.output)}`);
  if (failure.expected !== undefined) parts.push("", `Expected:\n\n${markdownCodeBlock(failure.expected)}`);
  return parts.join("\n");
}

function failuresSection(extras: ReportExtras | undefined): string | null {
  const failures = extras?.failures ?? [];
  if (failures.length === 0) return null;
  const byCandidate = new Map<string, FailingCase[]>();
  for (const failure of failures) byCandidate.set(failure.candidate, [...(byCandidate.get(failure.candidate) ?? []), failure]);
  const blocks = [...byCandidate].map(([candidate, cases]) => {
    const summaryLine = `<summary>${escapeMarkdownInline(candidate)}: ${cases.length} failing case${cases.length === 1 ? "" : "s"}</summary>`;
    return `<details>\n${summaryLine}\n\n${cases.map(failureBlock).join("\n\n")}\n\n</details>`;
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
    failuresSection(extras),
  ];
  return `${sections.filter((section): section is string => section !== null).join("\n\n")}\n`;
}
