import type { CandidateSummary, GateOutcome, MetricSummary, RunSummary } from "../spec/run-summary.js";
import { formatInterval, formatMs, formatPercent, formatPlain, formatScore, formatUsd, missingValue } from "./format.js";

/**
 * Read-only views of a RunSummary that several renderers need: which figures are simulated, which
 * metrics are the headline ones, how a gate's value and threshold read.
 */

export const simulatedNotice = "simulated: figures from the simulated provider are not real";

export function isSimulatedCandidate(candidate: CandidateSummary): boolean {
  return candidate.labels.includes("simulated");
}

/** True when any figure in the summary comes from the simulated provider. */
export function hasSimulatedFigures(summary: RunSummary): boolean {
  return summary.run.simulated || summary.candidates.some(isSimulatedCandidate);
}

export function findMetric(candidate: CandidateSummary, name: string): MetricSummary | undefined {
  return candidate.metrics.find((metric) => metric.name === name);
}

const headlineMetrics: ReadonlySet<string> = new Set(["pass_rate", "score"]);

/** The metrics after `pass_rate` and `score`: one per scorer. */
export function scorerMetrics(candidate: CandidateSummary): MetricSummary[] {
  return candidate.metrics.filter((metric) => !headlineMetrics.has(metric.name));
}

/**
 * A metric's mean in its natural unit: a percentage for proportions, a corpus score on its own scale
 * with two decimals (`48.53`, never a percentage), a score otherwise.
 */
export function formatMetricValue(metric: Pick<MetricSummary, "kind">, value: number | null): string {
  if (metric.kind === "proportion") return formatPercent(value);
  if (metric.kind === "corpus") return value === null || !Number.isFinite(value) ? missingValue : value.toFixed(2);
  return formatScore(value);
}

/** A metric's 95% interval in its unit; corpus bounds with one decimal (`[45.1, 51.9]`). */
export function formatMetricInterval(metric: Pick<MetricSummary, "kind" | "ci_low" | "ci_high">): string {
  if (metric.kind === "corpus") return formatInterval(metric.ci_low, metric.ci_high, (value) => value.toFixed(1));
  return formatInterval(metric.ci_low, metric.ci_high, (value) => formatMetricValue(metric, value));
}

/** The metric's name as reports show it: corpus-level scores say so, `bleu (corpus)`. */
export function metricLabel(metric: Pick<MetricSummary, "name" | "kind">): string {
  return metric.kind === "corpus" && !metric.name.endsWith("(corpus)") ? `${metric.name} (corpus)` : metric.name;
}

/** The candidate's provider and model as one label, e.g. `openai/gpt-4o-mini`. */
export function providerModel(candidate: CandidateSummary): string {
  return `${candidate.provider}/${candidate.model}`;
}

/**
 * The comparison(s) written in a gate's description, e.g. `>= 0.8`; null when it has none. The summary
 * keeps the threshold only inside the description (as written in tuneops.yaml), so it is read from there.
 */
export function gateThreshold(gate: GateOutcome): string | null {
  const matches = [...gate.description.matchAll(/(>=|<=|==|!=|>|<|≥|≤)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?%?)/gi)];
  if (matches.length === 0) return null;
  return matches.map((match) => `${match[1] ?? ""} ${match[2] ?? ""}`).join(" and ");
}

/** A gate's actual value in the unit its metric name implies, with the raw number when that differs. */
export function formatGateActual(gate: GateOutcome, summary: RunSummary): string {
  const { actual, metric } = gate;
  if (actual === null || !Number.isFinite(actual)) return "no value";
  if (metric.endsWith("_ms")) return formatMs(actual);
  if (metric.endsWith("_usd")) return formatUsd(actual);
  const candidate = summary.candidates.find((entry) => entry.id === gate.candidate);
  const kind = candidate ? findMetric(candidate, metric)?.kind : undefined;
  if (kind === "proportion" || metric.endsWith("_rate")) return `${formatPlain(actual)} (${formatPercent(actual)})`;
  return formatPlain(actual);
}

/** `passed`/`failed` counts over all gates. */
export function gateCounts(gates: readonly GateOutcome[]): { passed: number; failed: number } {
  const passed = gates.filter((gate) => gate.passed).length;
  return { passed, failed: gates.length - passed };
}
