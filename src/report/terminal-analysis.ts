import type { RunSummary } from "../spec/run-summary.js";
import { type AnsiStyle, paint } from "./ansi.js";
import {
  type VerdictTone,
  classificationText,
  comparisonVerdict,
  consistencyText,
  entriesByCandidate,
  flakyPreview,
  judgeConsistencyText,
  labelRateText,
} from "./analysis-view.js";
import { formatCount, formatScore } from "./format.js";
import { type TextCell, type TextColumn, renderTextTable } from "./text-table.js";

/** The terminal report's sections for the schema 1.1 fields; each returns lines, empty when there is nothing to show. */

export interface TerminalSectionOptions {
  color: boolean;
  width?: number;
}

const indent = "  ";
/** Past this many classes a per-class list stops being short: the Markdown and HTML reports have it. */
const maxTerminalClasses = 20;
const flakyShown = 5;

export const verdictStyles: Record<VerdictTone, AnsiStyle> = { better: "green", worse: "red", tie: "yellow" };

function heading(title: string, options: TerminalSectionOptions): string[] {
  return ["", paint(title, "bold", options.color)];
}

/** Candidate ids padded to one width, so the figures after them line up. */
function idColumn(ids: readonly string[]): (id: string) => string {
  const width = Math.max(0, ...ids.map((id) => [...id].length));
  return (id) => id + " ".repeat(width - [...id].length);
}

export function comparisonLines(summary: RunSummary, options: TerminalSectionOptions): string[] {
  const comparisons = summary.comparisons ?? [];
  if (comparisons.length === 0) return [];
  const reference = comparisons[0]?.a ?? "";
  const lines = heading(`Comparisons (paired, against ${reference})`, options);
  for (const comparison of comparisons) {
    const verdict = comparisonVerdict(comparison);
    lines.push(`${indent}${comparison.metric}, ${comparison.b} vs ${comparison.a}: ${paint(verdict.text, verdictStyles[verdict.tone], options.color)}`);
    lines.push(`${indent}${indent}${paint(comparison.statement, "dim", options.color)}`);
  }
  return lines;
}

export function classificationLines(summary: RunSummary, options: TerminalSectionOptions): string[] {
  const reports = entriesByCandidate(summary, (candidate) => candidate.classification);
  if (reports.length === 0) return [];
  const lines = heading("Classification", options);
  const columns: TextColumn[] = [
    { header: "label", align: "left", shrinkable: true },
    { header: "precision", align: "right" },
    { header: "recall", align: "right" },
    { header: "f1", align: "right" },
    { header: "support", align: "right" },
  ];
  for (const { candidate, entry: report } of reports) {
    lines.push(`${indent}${candidate.id}  ${paint(report.scorer, "bold", options.color)}: ${classificationText(report)}`);
    if (report.per_class.length > maxTerminalClasses) {
      lines.push(`${indent}${indent}${report.per_class.length} classes: the per-class table is in the Markdown and HTML reports`);
      continue;
    }
    const rows = report.per_class.map((entry): TextCell[] => [
      { text: entry.label },
      { text: formatScore(entry.precision) },
      { text: formatScore(entry.recall) },
      { text: formatScore(entry.f1), style: "bold" },
      { text: formatCount(entry.support) },
    ]);
    lines.push(renderTextTable({ columns, rows, color: options.color, indent: indent + indent, ...(options.width === undefined ? {} : { width: options.width }) }));
  }
  return lines;
}

export function labelRateLines(summary: RunSummary, options: TerminalSectionOptions): string[] {
  const rates = entriesByCandidate(summary, (candidate) => candidate.label_rates);
  if (rates.length === 0) return [];
  const pad = idColumn(rates.map(({ candidate }) => candidate.id));
  return [...heading("Label rates", options), ...rates.map(({ candidate, entry }) => `${indent}${pad(candidate.id)}  ${labelRateText(entry)}`)];
}

export function judgeConsistencyLines(summary: RunSummary, options: TerminalSectionOptions): string[] {
  const judges = entriesByCandidate(summary, (candidate) => candidate.judge_consistency);
  if (judges.length === 0) return [];
  const pad = idColumn(judges.map(({ candidate }) => candidate.id));
  return [...heading("Judge consistency", options), ...judges.map(({ candidate, entry }) => `${indent}${pad(candidate.id)}  ${judgeConsistencyText(entry)}`)];
}

export function repeatConsistencyLines(summary: RunSummary, options: TerminalSectionOptions): string[] {
  const entries = entriesByCandidate(summary, (candidate) => (candidate.consistency ? [candidate.consistency] : undefined));
  if (entries.length === 0) return [];
  const lines = heading("Repeat consistency", options);
  const pad = idColumn(entries.map(({ candidate }) => candidate.id));
  for (const { candidate, entry } of entries) {
    lines.push(`${indent}${pad(candidate.id)}  ${consistencyText(entry)}`);
    const { ids, more } = flakyPreview(entry, flakyShown);
    if (ids.length > 0) {
      lines.push(`${indent}${indent}${paint("flaky:", "yellow", options.color)} ${ids.join(", ")}${more > 0 ? ` and ${formatCount(more)} more` : ""}`);
    }
  }
  return lines;
}
