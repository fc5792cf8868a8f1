import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";
import { escapeMarkup as e } from "./escape-markup.js";
import { formatCount, formatInterval, formatMs, formatPercent, formatRate, formatScore, formatUsd } from "./format.js";
import type { FailingCase, ReportExtras } from "./report-extras.js";
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

function caseMarkup(failure: FailingCase): string {
  const output = failure.output === null ? `<p class="note">No output (the call failed).</p>` : `<div>Output</div><pre>${e(failure.output)}</pre>`;
  const expected = failure.expected === undefined ? "" : `<div>Expected</div><pre>${e(failure.expected)}</pre>`;
  return `<div class="case"><div><strong>Case <code>${e(failure.caseId)}</code></strong>: ${e(failure.reason)}</div>${output}${expected}</div>`;
}

export function failuresDetails(extras: ReportExtras | undefined): string | null {
  const failures = extras?.failures ?? [];
  if (failures.length === 0) return null;
  const byCandidate = new Map<string, FailingCase[]>();
  for (const failure of failures) byCandidate.set(failure.candidate, [...(byCandidate.get(failure.candidate) ?? []), failure]);
  return [...byCandidate]
    .map(([candidate, cases]) => `<details><summary>${e(candidate)}: ${cases.length} failing case${cases.length === 1 ? "" : "s"}</summary>${cases.map(caseMarkup).join("")}</details>`)
    .join("\n");
}
