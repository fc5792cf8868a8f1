import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";
import { escapeMarkup as e } from "./escape-markup.js";
import { formatCount, formatInterval, formatMs, formatPercent, formatRate, formatScore, formatUsd } from "./format.js";
import { failedCountText, failingCasesPerPage, failuresByCandidate, pagesOf, type FailingCase, type ReportExtras } from "./report-extras.js";
import { findMetric, formatGateActual, formatMetricInterval, formatMetricValue, gateCounts, gateThreshold, isSimulatedCandidate, providerModel, scorerMetrics } from "./summary-view.js";
import { candidateColor } from "./svg/palette.js";

/** The report's tables and lists as HTML. Every piece of summary text passes through `e`. */

/** A candidate's name with its colour swatch and labels, as every HTML table shows it. */
export function candidateCell(candidate: CandidateSummary, index: number): string {
  const tags = candidate.labels.map((label) => `<span class="tag${label === "simulated" ? " simulated" : ""}">${e(label)}</span>`).join("");
  return `<span class="swatch" style="background:${candidateColor(index)}"></span><strong>${e(candidate.id)}</strong>${tags}`;
}

export const num = (text: string, extra = ""): string => `<td class="num${extra}">${e(text)}</td>`;

export function candidatesTable(summary: RunSummary): string {
  if (summary.candidates.length === 0) return `<p class="note">No candidate ran.</p>`;
  const headers = ["Candidate", "Provider / model", "n", "Errors", "Pass rate", "95% CI", "Score", "p50", "p95", "p99", "Tokens/s", "Cost / 1k req", "Cost total"];
  const numeric = new Set(["n", "Errors", "Pass rate", "Score", "p50", "p95", "p99", "Tokens/s", "Cost / 1k req", "Cost total"]);
  const head = headers.map((header) => `<th${numeric.has(header) ? ' class="num"' : ""}>${e(header)}</th>`).join("");
  const rows = summary.candidates.map((candidate, index) => {
    const passRate = findMetric(candidate, "pass_rate");
    const score = findMetric(candidate, "score");
    const { efficiency } = candidate;
    const errorCodes = Object.entries(candidate.error_codes).map(([code, count]) => `${code}: ${count}`).join(", ");
    const price = efficiency.price_source === null ? "" : ` title="${e(efficiency.price_source)}"`;
    return [
      `<tr${isSimulatedCandidate(candidate) ? ' class="simulated"' : ""}>`,
      `<td>${candidateCell(candidate, index)}</td>`,
      `<td><code>${e(providerModel(candidate))}</code></td>`,
      num(formatCount(candidate.n)),
      `<td class="num"${errorCodes ? ` title="${e(errorCodes)}"` : ""}>${e(formatCount(candidate.errors))}</td>`,
      `<td class="num"><strong>${e(formatPercent(passRate?.mean))}</strong></td>`,
      `<td class="ci">${e(formatInterval(passRate?.ci_low, passRate?.ci_high, formatPercent))}</td>`,
      num(formatScore(score?.mean)),
      num(formatMs(efficiency.latency_ms.p50)),
      num(formatMs(efficiency.latency_ms.p95)),
      num(formatMs(efficiency.latency_ms.p99)),
      num(formatRate(efficiency.output_tokens_per_second)),
      `<td class="num"${price}>${e(efficiency.cost_per_1k_requests_usd === null ? "no price" : formatUsd(efficiency.cost_per_1k_requests_usd))}</td>`,
      num(formatUsd(efficiency.cost_usd_total)),
      "</tr>",
    ].join("");
  });
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows.join("\n")}</tbody></table></div>`;
}

export function metricsTable(summary: RunSummary): string | null {
  const rows: string[] = [];
  summary.candidates.forEach((candidate, index) => {
    // Corpus scores have a table of their own (corpusMetricsTable): they are not on the means' scale.
    for (const metric of scorerMetrics(candidate).filter((entry) => entry.kind !== "corpus")) {
      rows.push(
        `<tr><td>${candidateCell(candidate, index)}</td><td><code>${e(metric.name)}</code></td>${num(formatCount(metric.n))}${num(formatMetricValue(metric, metric.mean))}<td class="ci">${e(formatMetricInterval(metric))}</td><td>${e(metric.method)}</td></tr>`,
      );
    }
  });
  if (rows.length === 0) return null;
  return `<div class="table-wrap"><table><thead><tr><th>Candidate</th><th>Metric</th><th class="num">n</th><th class="num">Mean</th><th>95% CI</th><th>Interval</th></tr></thead><tbody>${rows.join("\n")}</tbody></table></div>`;
}

export function gatesTable(summary: RunSummary): string | null {
  if (summary.gates.length === 0) return null;
  const counts = gateCounts(summary.gates);
  const rows = summary.gates.map((gate) => {
    const badge = gate.passed ? `<span class="badge pass">PASS</span>` : `<span class="badge fail">FAIL</span>`;
    return `<tr><td>${badge}</td><td><strong>${e(gate.candidate)}</strong></td><td><code>${e(gate.description)}</code></td><td>${e(gateThreshold(gate) ?? "")}</td><td class="num">${e(formatGateActual(gate, summary))}</td></tr>`;
  });
  return `<p>${counts.failed} failed, ${counts.passed} passed.</p><div class="table-wrap"><table><thead><tr><th>Result</th><th>Candidate</th><th>Gate</th><th>Threshold</th><th class="num">Actual</th></tr></thead><tbody>${rows.join("\n")}</tbody></table></div>`;
}

export function skippedList(summary: RunSummary): string | null {
  if (summary.skipped.length === 0) return null;
  return `<ul>${summary.skipped.map((skipped) => `<li><strong>${e(skipped.candidate)}</strong>: ${e(skipped.reason)}</li>`).join("")}</ul>`;
}

function scorerRows(failure: FailingCase): string {
  const scorers = failure.scorers ?? [];
  if (scorers.length === 0) return "";
  const rows = scorers.map((scorer) => {
    const badge = scorer.pass ? `<span class="badge pass">pass</span>` : `<span class="badge fail">fail</span>`;
    return `<tr><td><code>${e(scorer.name)}</code></td><td>${badge}</td>${num(scorer.score === null ? "-" : formatScore(scorer.score))}<td class="reason">${e(scorer.reason)}</td></tr>`;
  });
  return `<div class="table-wrap"><table class="scorers"><thead><tr><th>Scorer</th><th>Verdict</th><th class="num">Score</th><th>Reason</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function caseMarkup(failure: FailingCase): string {
  const repeat = failure.repeat === undefined || failure.repeat === 0 ? "" : ` (repeat ${failure.repeat + 1})`;
  const input = failure.input === undefined ? "" : failure.input === null ? `<p class="note">Input: the dataset can no longer be read.</p>` : `<div>Input</div><pre>${e(failure.input)}</pre>`;
  const expected = failure.expected === undefined || failure.expected === null ? "" : `<div>Expected</div><pre>${e(failure.expected)}</pre>`;
  const output = failure.output === null ? `<p class="note">No output (the call failed).</p>` : `<div>Output</div><pre>${e(failure.output)}</pre>`;
  return `<div class="case"><div><strong>Case <code>${e(failure.caseId)}</code>${e(repeat)}</strong>: ${e(failure.reason)}</div>${scorerRows(failure)}${input}${expected}${output}</div>`;
}

/**
 * Every failing case, per candidate, with how many failed out of how many, in pages of 25 (each page a
 * `<details>`, the first open): the report stays a static file with no script.
 */
export function failuresDetails(summary: RunSummary, extras: ReportExtras | undefined): string | null {
  const failures = extras?.failures ?? [];
  if (failures.length === 0) return null;
  return [...failuresByCandidate(failures)]
    .map(([candidate, cases]) => {
      const total = summary.candidates.find((entry) => entry.id === candidate)?.n;
      const pages = pagesOf(cases);
      const pageMarkup = pages
        .map((page, index) => {
          const first = index * failingCasesPerPage + 1;
          const label = pages.length === 1 ? `Cases 1–${cases.length}` : `Page ${index + 1} of ${pages.length}: cases ${first}–${first + page.length - 1}`;
          return `<details class="page"${index === 0 ? " open" : ""}><summary>${e(label)}</summary>${page.map(caseMarkup).join("")}</details>`;
        })
        .join("");
      return `<details open><summary><strong>${e(candidate)}</strong>: ${e(failedCountText(cases.length, total, summary.repeats))}</summary>${pageMarkup}</details>`;
    })
    .join("\n");
}
