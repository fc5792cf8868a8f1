import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";
import { escapeMarkup as e } from "./escape-markup.js";
import { formatPlain } from "./format.js";
import { findMetric, formatGateActual, gateThreshold, hasSimulatedFigures } from "./summary-view.js";

/**
 * Results that ran but did not pass. `pass_rate × its n` gives the passing results; errors are counted
 * apart (JUnit: tests = passed + failures + errors), whether or not the pass rate counted them.
 */
export function failingResults(candidate: CandidateSummary): number {
  const passRate = findMetric(candidate, "pass_rate");
  if (passRate?.mean === null || passRate?.mean === undefined) return 0;
  const passed = Math.round(passRate.mean * passRate.n);
  return Math.max(0, candidate.n - candidate.errors - passed);
}

function seconds(summary: RunSummary): string | null {
  if (summary.run.ended_at === null) return null;
  const milliseconds = Date.parse(summary.run.ended_at) - Date.parse(summary.run.created_at);
  return Number.isFinite(milliseconds) && milliseconds >= 0 ? (milliseconds / 1000).toFixed(3) : null;
}

function properties(entries: readonly [string, string | number | null][]): string {
  const items = entries.map(([name, value]) => `      <property name="${e(name)}" value="${e(value === null ? "" : String(value))}"/>`);
  return `    <properties>\n${items.join("\n")}\n    </properties>`;
}

function candidateSuite(candidate: CandidateSummary, summary: RunSummary): string {
  const failures = failingResults(candidate);
  const entries: [string, string | number | null][] = [
    ["provider", candidate.provider],
    ["model", candidate.model],
    ["prompt", candidate.prompt],
    ["labels", candidate.labels.join(",")],
  ];
  for (const metric of candidate.metrics) {
    entries.push([`${metric.name}.mean`, metric.mean], [`${metric.name}.ci_low`, metric.ci_low], [`${metric.name}.ci_high`, metric.ci_high]);
  }
  entries.push(["latency_p50_ms", candidate.efficiency.latency_ms.p50], ["latency_p95_ms", candidate.efficiency.latency_ms.p95]);
  entries.push(["cost_per_1k_requests_usd", candidate.efficiency.cost_per_1k_requests_usd]);
  const passRate = findMetric(candidate, "pass_rate");
  const errorCodes = Object.entries(candidate.error_codes).map(([code, count]) => `${code}: ${count}`);
  const out = [
    `pass rate ${formatPlain(passRate?.mean)} (95% CI ${formatPlain(passRate?.ci_low)} to ${formatPlain(passRate?.ci_high)}) over ${candidate.n} results`,
    ...(errorCodes.length > 0 ? [`errors: ${errorCodes.join(", ")}`] : []),
    ...(hasSimulatedFigures(summary) && candidate.labels.includes("simulated") ? ["simulated: figures from the simulated provider are not real"] : []),
  ];
  return [
    `  <testsuite name="${e(candidate.id)}" tests="${candidate.n}" failures="${failures}" errors="${candidate.errors}" skipped="0" timestamp="${e(summary.run.created_at)}">`,
    properties(entries),
    `    <system-out>${e(out.join("\n"))}</system-out>`,
    "  </testsuite>",
  ].join("\n");
}

function gatesSuite(summary: RunSummary): string {
  const failed = summary.gates.filter((gate) => !gate.passed).length;
  const cases = summary.gates.map((gate) => {
    const open = `    <testcase classname="gates.${e(gate.candidate)}" name="${e(`${gate.candidate}: ${gate.description}`)}">`;
    if (gate.passed) return `${open}</testcase>`;
    const threshold = gateThreshold(gate);
    const message = `${gate.metric} = ${gate.actual === null ? "no value" : formatPlain(gate.actual)}, required ${threshold ?? gate.description}`;
    const detail = `gate: ${gate.description}\ncandidate: ${gate.candidate}\nactual: ${formatGateActual(gate, summary)}\nthreshold: ${threshold ?? "see gate"}`;
    return `${open}\n      <failure message="${e(message)}" type="gate">${e(detail)}</failure>\n    </testcase>`;
  });
  return [`  <testsuite name="gates" tests="${summary.gates.length}" failures="${failed}" errors="0" skipped="0">`, ...cases, "  </testsuite>"].join("\n");
}

function skippedSuite(summary: RunSummary): string {
  const cases = summary.skipped.map(
    (skipped) => `    <testcase classname="skipped" name="${e(skipped.candidate)}">\n      <skipped message="${e(skipped.reason)}"/>\n    </testcase>`,
  );
  return [`  <testsuite name="skipped" tests="${summary.skipped.length}" failures="0" errors="0" skipped="${summary.skipped.length}">`, ...cases, "  </testsuite>"].join("\n");
}

/**
 * JUnit XML for CI: one suite per candidate (results as tests), one `gates` suite with a failing test
 * case per failed gate, and a `skipped` suite for candidates that did not run.
 */
export function renderJunit(summary: RunSummary): string {
  const suites = summary.candidates.map((candidate) => candidateSuite(candidate, summary));
  suites.push(gatesSuite(summary));
  if (summary.skipped.length > 0) suites.push(skippedSuite(summary));
  const tests = summary.candidates.reduce((sum, candidate) => sum + candidate.n, 0) + summary.gates.length + summary.skipped.length;
  const failures = summary.candidates.reduce((sum, candidate) => sum + failingResults(candidate), 0) + summary.gates.filter((gate) => !gate.passed).length;
  const errors = summary.candidates.reduce((sum, candidate) => sum + candidate.errors, 0);
  const time = seconds(summary);
  const name = `tuneops ${summary.run.project}/${summary.run.suite} ${summary.run.id}${summary.run.simulated ? " (simulated)" : ""}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${e(name)}" tests="${tests}" failures="${failures}" errors="${errors}"${time === null ? "" : ` time="${time}"`}>`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
