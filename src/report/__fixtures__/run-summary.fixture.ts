import type { CandidateSummary, MetricSummary, RunSummary } from "../../spec/run-summary.js";
import type { ReportExtras } from "../report-extras.js";

/** A deterministic pseudo-random sample of latencies around `medianMs` with a long right tail. */
function latencySample(options: { count: number; medianMs: number; spread: number; seed: number }): number[] {
  let state = options.seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state + 0.5) / 4_294_967_296;
  };
  const sample: number[] = [];
  for (let index = 0; index < options.count; index += 1) {
    // Box-Muller: a log-normal latency, as real request latencies roughly are.
    const normal = Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
    sample.push(Math.round(options.medianMs * Math.exp(options.spread * normal) * 10) / 10);
  }
  return sample;
}

function metric(name: string, kind: MetricSummary["kind"], values: { n: number; mean: number; low: number; high: number }): MetricSummary {
  return { name, kind, n: values.n, mean: values.mean, ci_low: values.low, ci_high: values.high, method: kind === "proportion" ? "wilson" : "t" };
}

const hosted: CandidateSummary = {
  id: "gpt-mini",
  provider: "openai",
  model: "gpt-4o-mini",
  prompt: "support-v2",
  labels: [],
  n: 200,
  errors: 2,
  error_codes: { provider_timeout: 2 },
  metrics: [
    metric("pass_rate", "proportion", { n: 198, mean: 0.8434, low: 0.7866, high: 0.8874 }),
    metric("score", "mean", { n: 198, mean: 0.8712, low: 0.8421, high: 0.9003 }),
    metric("exact_match", "proportion", { n: 198, mean: 0.7727, low: 0.7096, high: 0.8255 }),
    metric("rouge_l", "mean", { n: 198, mean: 0.6931, low: 0.6614, high: 0.7248 }),
  ],
  efficiency: {
    latency_ms: { n: 198, mean: 912.4, p50: 820.3, p95: 1804.2, p99: 2710.9, max: 3120.5 },
    ttft_ms: { n: 198, mean: 310.2, p50: 280.1, p95: 640.7, p99: 901.3, max: 1002.2 },
    output_tokens_per_second: 84.37,
    input_tokens_total: 61_400,
    output_tokens_total: 15_840,
    input_tokens_mean: 310.1,
    output_tokens_mean: 80,
    cost_usd_total: 0.01872,
    cost_per_request_usd: 0.0000936,
    cost_per_1k_requests_usd: 0.0936,
    price_source: "data/prices.json: openai.com/api/pricing (2025-01-15)",
    cached_results: 0,
    latency_sample_ms: latencySample({ count: 198, medianMs: 820, spread: 0.45, seed: 7 }),
  },
};

const local: CandidateSummary = {
  id: "local-qwen",
  provider: "llama-cpp",
  model: "qwen2.5-0.5b-instruct-q4_k_m",
  prompt: "support-v2",
  labels: ["local"],
  n: 200,
  errors: 0,
  error_codes: {},
  metrics: [
    metric("pass_rate", "proportion", { n: 200, mean: 0.61, low: 0.5411, high: 0.6748 }),
    metric("score", "mean", { n: 200, mean: 0.6634, low: 0.6233, high: 0.7035 }),
    metric("exact_match", "proportion", { n: 200, mean: 0.525, low: 0.4558, high: 0.5933 }),
    metric("rouge_l", "mean", { n: 200, mean: 0.5518, low: 0.5139, high: 0.5897 }),
  ],
  efficiency: {
    latency_ms: { n: 200, mean: 2480.2, p50: 2210.4, p95: 4980.1, p99: 7010.2, max: 8120.9 },
    ttft_ms: null,
    output_tokens_per_second: 31.2,
    input_tokens_total: 62_000,
    output_tokens_total: 17_200,
    input_tokens_mean: 310,
    output_tokens_mean: 86,
    cost_usd_total: null,
    cost_per_request_usd: null,
    cost_per_1k_requests_usd: null,
    price_source: "no price entry: local model",
    cached_results: 0,
    latency_sample_ms: latencySample({ count: 200, medianMs: 2210, spread: 0.5, seed: 11 }),
  },
};

const simulated: CandidateSummary = {
  id: "sim-fast",
  provider: "simulated",
  model: "echo-fast",
  prompt: null,
  labels: ["simulated"],
  n: 200,
  errors: 0,
  error_codes: {},
  metrics: [
    metric("pass_rate", "proportion", { n: 200, mean: 0.5, low: 0.4314, high: 0.5686 }),
    metric("score", "mean", { n: 200, mean: 0.5, low: 0.4305, high: 0.5695 }),
    metric("exact_match", "proportion", { n: 200, mean: 0.5, low: 0.4314, high: 0.5686 }),
    metric("rouge_l", "mean", { n: 200, mean: 0.5, low: 0.4305, high: 0.5695 }),
  ],
  efficiency: {
    latency_ms: { n: 200, mean: 41.2, p50: 40.1, p95: 52.3, p99: 58.8, max: 61.2 },
    ttft_ms: { n: 200, mean: 5.1, p50: 5, p95: 7.2, p99: 8.1, max: 9 },
    output_tokens_per_second: 1950.4,
    input_tokens_total: 62_000,
    output_tokens_total: 16_000,
    input_tokens_mean: 310,
    output_tokens_mean: 80,
    cost_usd_total: 12.3,
    cost_per_request_usd: 0.0615,
    cost_per_1k_requests_usd: 61.5,
    price_source: "simulated price",
    cached_results: 0,
    latency_sample_ms: latencySample({ count: 200, medianMs: 40, spread: 0.12, seed: 3 }),
  },
};

/** A realistic summary: a hosted model, a local unpriced one, a simulated one, a skipped one, a failed gate. */
export function fixtureSummary(): RunSummary {
  return {
    schema_version: 1,
    run: {
      id: "run_01J9ZK3M4Q",
      project: "support-bot",
      suite: "triage",
      status: "completed",
      created_at: "2025-03-04T09:15:00.000Z",
      ended_at: "2025-03-04T09:21:42.000Z",
      simulated: true,
    },
    dataset: { name: "tickets", path: "data/tickets.jsonl", hash: "sha256:3f9a0c1d2e", cases: 100 },
    repeats: 2,
    candidates: [structuredClone(hosted), structuredClone(local), structuredClone(simulated)],
    skipped: [{ candidate: "claude-haiku", reason: "ANTHROPIC_API_KEY is not set" }],
    gates: [
      { description: "pass_rate >= 0.8", metric: "pass_rate", candidate: "gpt-mini", actual: 0.8434, passed: true },
      { description: "pass_rate >= 0.8", metric: "pass_rate", candidate: "local-qwen", actual: 0.61, passed: false },
      { description: "latency_p95_ms <= 2000", metric: "latency_p95_ms", candidate: "gpt-mini", actual: 1804.2, passed: true },
    ],
  };
}

export function fixtureExtras(): ReportExtras {
  return {
    failures: [
      { candidate: "gpt-mini", caseId: "t-017", output: "billing", expected: "refund", reason: "exact_match: expected `refund`" },
      { candidate: "gpt-mini", caseId: "t-042", output: null, reason: "provider_timeout: no response after 30000 ms" },
      { candidate: "local-qwen", caseId: "t-003", output: "I think it is | maybe <b>shipping</b>\n```\nsecond line", expected: "shipping", reason: "exact_match: expected `shipping`" },
    ],
  };
}

/** The same summary with hostile text in every user-controlled field, for escaping tests. */
export function hostileSummary(): RunSummary {
  const summary = fixtureSummary();
  const evil = "<script>alert(1)</script>";
  const first = summary.candidates[0];
  if (first) {
    first.id = evil;
    first.model = `m"&'<x>`;
  }
  for (const gate of summary.gates) if (gate.candidate === "gpt-mini") gate.candidate = evil;
  summary.run.project = `<img src=x onerror=alert(1)>`;
  summary.skipped.push({ candidate: "]]></x>", reason: `<script>alert("skip")</script> & \u0001` });
  return summary;
}
