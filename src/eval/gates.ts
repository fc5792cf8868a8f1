import type { GateConfig } from "../config/project-schema.js";
import type { CandidateSummary, GateOutcome, RunSummary } from "../spec/run-summary.js";

/**
 * Checks the suite's gates against a summary. A gate without `candidate` applies to every candidate
 * that ran; a metric a candidate lacks fails its gate (a gate that cannot be checked is not a pass).
 */
export function evaluateGates(gates: readonly GateConfig[], summary: RunSummary): GateOutcome[] {
  const outcomes: GateOutcome[] = [];
  for (const gate of gates) {
    const candidates = gate.candidate ? summary.candidates.filter((candidate) => candidate.id === gate.candidate) : summary.candidates;
    for (const candidate of candidates) {
      const actual = gateValue(candidate, gate);
      const passed = actual !== null && (gate.min === undefined || actual >= gate.min) && (gate.max === undefined || actual <= gate.max);
      outcomes.push({ description: describeGate(gate, candidate.id), metric: gate.metric, candidate: candidate.id, actual, passed });
    }
  }
  return outcomes;
}

function describeGate(gate: GateConfig, candidate: string): string {
  const figure = gate.use === "mean" ? gate.metric : `${gate.metric}.${gate.use}`;
  const bounds = [gate.min !== undefined ? `>= ${gate.min}` : null, gate.max !== undefined ? `<= ${gate.max}` : null].filter(Boolean).join(" and ");
  return `${figure} ${bounds} (${candidate})`;
}

const latencyMetric = /^(latency|ttft)_(p50|p95|p99|mean|max)_ms$/;

/** Metrics every candidate has, besides its scorers. */
export const builtinGateMetrics = /^(pass_rate|score|error_rate|cost_per_request_usd|cost_per_1k_requests_usd|output_tokens_per_second|(latency|ttft)_(p50|p95|p99|mean|max)_ms)$/;

export function gateValue(candidate: CandidateSummary, gate: Pick<GateConfig, "metric" | "use">): number | null {
  const latency = latencyMetric.exec(gate.metric);
  if (latency) {
    const stats = latency[1] === "latency" ? candidate.efficiency.latency_ms : candidate.efficiency.ttft_ms;
    return stats?.[latency[2] as "p50" | "p95" | "p99" | "mean" | "max"] ?? null;
  }
  if (gate.metric === "error_rate") return candidate.n > 0 ? candidate.errors / candidate.n : null;
  if (gate.metric === "cost_per_request_usd") return candidate.efficiency.cost_per_request_usd;
  if (gate.metric === "cost_per_1k_requests_usd") return candidate.efficiency.cost_per_1k_requests_usd;
  if (gate.metric === "output_tokens_per_second") return candidate.efficiency.output_tokens_per_second;
  const metric = candidate.metrics.find((entry) => entry.name === gate.metric);
  if (!metric) return null;
  return gate.use === "ci_low" ? metric.ci_low : gate.use === "ci_high" ? metric.ci_high : metric.mean;
}
