import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";
import { paint } from "./ansi.js";
import { formatCount, formatInterval, formatMs, formatPercent, formatRate, formatScore, formatUsd } from "./format.js";
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
  simulatedNotice,
} from "./summary-view.js";
import { classificationLines, comparisonLines, judgeConsistencyLines, labelRateLines, repeatConsistencyLines } from "./terminal-analysis.js";
import type { ErrorSummary } from "./report-extras.js";
import { type TextCell, type TextColumn, renderTextTable } from "./text-table.js";
import { modelVersionLines } from "./model-version-view.js";

export interface TerminalRenderOptions {
  /** Use ANSI colours (the CLI decides: TTY and no NO_COLOR). */
  color: boolean;
  /** Terminal width in columns; wide tables cut their name columns to fit. */
  width?: number;
  /** The first message of each candidate's error codes (the summary holds only the counts). */
  errors?: readonly ErrorSummary[];
}

const indent = "  ";

function candidateLabel(candidate: CandidateSummary): TextCell {
  const labels = candidate.labels.length > 0 ? ` [${candidate.labels.join(", ")}]` : "";
  return isSimulatedCandidate(candidate) ? { text: `${candidate.id}${labels}`, style: "yellow" } : { text: `${candidate.id}${labels}` };
}

/**
 * The candidate column: its labels may be cut to fit a width, the id never is (an id cut to a few
 * letters names nothing).
 */
function idColumn(summary: RunSummary): TextColumn {
  const longestId = Math.max(0, ...summary.candidates.map((candidate) => [...candidate.id].length));
  return { header: "candidate", align: "left", shrinkable: true, shrinkOrder: 1, minimum: longestId + 1 };
}

function candidateTable(summary: RunSummary, options: TerminalRenderOptions): string {
  const columns: TextColumn[] = [
    idColumn(summary),
    { header: "provider/model", align: "left", shrinkable: true },
    { header: "n", align: "right" },
    { header: "err", align: "right" },
    { header: "pass rate", align: "right" },
    { header: "95% CI", align: "left" },
    { header: "score", align: "right" },
    { header: "p50", align: "right" },
    { header: "p95", align: "right" },
    { header: "tok/s", align: "right" },
    { header: "$/1k req", align: "right" },
  ];
  const rows = summary.candidates.map((candidate): TextCell[] => {
    const passRate = findMetric(candidate, "pass_rate");
    const score = findMetric(candidate, "score");
    const { efficiency } = candidate;
    return [
      candidateLabel(candidate),
      { text: providerModel(candidate) },
      { text: formatCount(candidate.n) },
      candidate.errors > 0 ? { text: formatCount(candidate.errors), style: "red" } : { text: "0" },
      { text: formatPercent(passRate?.mean), style: "bold" },
      { text: formatInterval(passRate?.ci_low, passRate?.ci_high, formatPercent), style: "dim" },
      { text: formatScore(score?.mean) },
      { text: formatMs(efficiency.latency_ms.p50) },
      { text: formatMs(efficiency.latency_ms.p95) },
      { text: formatRate(efficiency.output_tokens_per_second) },
      { text: efficiency.cost_per_1k_requests_usd === null ? "no price" : formatUsd(efficiency.cost_per_1k_requests_usd) },
    ];
  });
  return renderTextTable({ columns, rows, color: options.color, indent, ...(options.width === undefined ? {} : { width: options.width }) });
}

function metricTable(summary: RunSummary, options: TerminalRenderOptions): string | null {
  const rows: TextCell[][] = [];
  for (const candidate of summary.candidates) {
    for (const metric of scorerMetrics(candidate)) {
      rows.push([
        candidateLabel(candidate),
        { text: metricLabel(metric) },
        { text: formatCount(metric.n) },
        { text: formatMetricValue(metric, metric.mean), style: "bold" },
        { text: formatMetricInterval(metric), style: "dim" },
        { text: metric.method },
      ]);
    }
  }
  if (rows.length === 0) return null;
  const columns: TextColumn[] = [
    idColumn(summary),
    { header: "metric", align: "left" },
    { header: "n", align: "right" },
    { header: "mean", align: "right" },
    { header: "95% CI", align: "left" },
    { header: "interval", align: "left" },
  ];
  return renderTextTable({ columns, rows, color: options.color, indent, ...(options.width === undefined ? {} : { width: options.width }) });
}

function gateLines(summary: RunSummary, options: TerminalRenderOptions): string[] {
  const counts = gateCounts(summary.gates);
  const heading = `Gates (${counts.failed} failed, ${counts.passed} passed)`;
  const rows = summary.gates.map((gate): TextCell[] => [
    gate.passed ? { text: "PASS", style: "green" } : { text: "FAIL", style: "red" },
    { text: gate.candidate },
    { text: gate.description },
    { text: `actual ${formatGateActual(gate, summary)}` },
  ]);
  const columns: TextColumn[] = [
    { header: "gate", align: "left" },
    { header: "candidate", align: "left" },
    { header: "condition", align: "left", shrinkable: true },
    { header: "value", align: "left" },
  ];
  const table = renderTextTable({ columns, rows, color: options.color, indent, ...(options.width === undefined ? {} : { width: options.width }) });
  return [paint(heading, counts.failed > 0 ? "red" : "bold", options.color), table];
}

/** Each candidate's error codes with their counts and, when known, the first message of each. */
function errorLines(summary: RunSummary, options: TerminalRenderOptions): string[] {
  const lines: string[] = [];
  for (const candidate of summary.candidates) {
    const codes = Object.entries(candidate.error_codes).sort(([, left], [, right]) => right - left);
    if (codes.length === 0) continue;
    lines.push(`${indent}${paint(candidate.id, "bold", options.color)}: ${candidate.errors} of ${candidate.n} calls failed`);
    for (const [code, count] of codes) {
      const first = options.errors?.find((entry) => entry.candidate === candidate.id && entry.code === code)?.firstMessage;
      lines.push(`${indent}${indent}${paint(code, "red", options.color)} ×${formatCount(count)}${first === undefined ? "" : `: ${firstLine(first)}`}`);
    }
  }
  return lines.length === 0 ? [] : ["", paint("Errors", "bold", options.color), ...lines];
}

/** A message's first line, cut to 200 characters: the terminal summary stays scannable. */
function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The run as a compact aligned report for a terminal; ANSI colour only when `color` is true. */
export function renderTerminal(summary: RunSummary, options: TerminalRenderOptions): string {
  const { run, dataset } = summary;
  const lines: string[] = [];
  lines.push(`${paint(`${run.project} / ${run.suite}`, "bold", options.color)}  run ${run.id} (${run.status})`);
  lines.push(
    `dataset ${dataset.name} (${formatCount(dataset.cases)} cases, ${dataset.hash}), ${summary.repeats} repeat${summary.repeats === 1 ? "" : "s"}`,
  );
  if (hasSimulatedFigures(summary)) lines.push(paint(simulatedNotice, "yellow", options.color));
  lines.push("", paint("Candidates", "bold", options.color));
  lines.push(summary.candidates.length > 0 ? candidateTable(summary, options) : `${indent}(no candidate ran)`);
  lines.push(...errorLines(summary, options));
  const metrics = metricTable(summary, options);
  if (metrics !== null) lines.push("", paint("Metrics", "bold", options.color), metrics);
  lines.push(...comparisonLines(summary, options));
  lines.push(...classificationLines(summary, options));
  lines.push(...labelRateLines(summary, options));
  lines.push(...judgeConsistencyLines(summary, options));
  lines.push(...repeatConsistencyLines(summary, options));
  lines.push(...modelVersionLines(summary, options));
  if (summary.gates.length > 0) lines.push("", ...gateLines(summary, options));
  if (summary.skipped.length > 0) {
    lines.push("", paint("Skipped", "bold", options.color));
    for (const skipped of summary.skipped) lines.push(`${indent}${skipped.candidate}: ${skipped.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
