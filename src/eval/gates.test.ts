import { describe, expect, it } from "vitest";
import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";
import { evaluateGates } from "./gates.js";

const latency = { n: 10, mean: 100, p50: 90, p95: 180, p99: 250, max: 300 };
function candidate(id: string, passRate: number, low: number): CandidateSummary {
  return {
    id, provider: "p", model: "m", prompt: null, labels: [], n: 10, errors: 1, error_codes: { provider_timeout: 1 },
    metrics: [{ name: "pass_rate", kind: "proportion", n: 10, mean: passRate, ci_low: low, ci_high: 1, method: "wilson" }],
    efficiency: {
      latency_ms: latency, ttft_ms: null, output_tokens_per_second: null, input_tokens_total: 0, output_tokens_total: 0, input_tokens_mean: null,
      output_tokens_mean: null, cost_usd_total: null, cost_per_request_usd: null, cost_per_1k_requests_usd: null, price_source: null, cached_results: 0, latency_sample_ms: [],
    },
  };
}
const summary = { candidates: [candidate("a", 0.9, 0.6), candidate("b", 0.5, 0.2)] } as RunSummary;

describe("evaluateGates", () => {
  it("checks every candidate unless one is named, on the mean or on an interval bound", () => {
    const outcomes = evaluateGates([{ metric: "pass_rate", min: 0.8, use: "mean" }, { metric: "pass_rate", min: 0.7, use: "ci_low", candidate: "a" }], summary);
    expect(outcomes.map((outcome) => [outcome.candidate, outcome.passed, outcome.actual])).toEqual([
      ["a", true, 0.9], ["b", false, 0.5], ["a", false, 0.6],
    ]);
    expect(outcomes[2]?.description).toBe("pass_rate.ci_low >= 0.7 (a)");
  });

  it("reads latency, error rate and treats a missing figure as a failure", () => {
    const outcomes = evaluateGates(
      [{ metric: "latency_p95_ms", max: 200, use: "mean" }, { metric: "error_rate", max: 0.05, use: "mean", candidate: "a" }, { metric: "cost_per_request_usd", max: 1, use: "mean", candidate: "a" }],
      summary,
    );
    expect(outcomes.map((outcome) => [outcome.passed, outcome.actual])).toEqual([[true, 180], [true, 180], [false, 0.1], [false, null]]);
  });
});
