import type { CandidateSummary, ClassificationSummary, ComparisonSummary, MetricSummary, RunSummary } from "../../spec/run-summary.js";
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

function metric(
  name: string,
  kind: MetricSummary["kind"],
  values: { n: number; mean: number; low: number; high: number; method?: MetricSummary["method"] },
): MetricSummary {
  const method = values.method ?? (kind === "proportion" ? "wilson" : kind === "corpus" ? "bootstrap" : "t");
  return { name, kind, n: values.n, mean: values.mean, ci_low: values.low, ci_high: values.high, method };
}

const intentLabels = ["billing", "refund", "shipping", "account"];

/**
 * Classification reports whose figures were computed from their matrices (accuracy with a Wilson
 * interval, per-class P/R/F1, macro/weighted F1, Cohen's kappa), so the fixture is self-consistent.
 */
function hostedIntent(): ClassificationSummary {
  return {
    scorer: "intent",
    n: 198,
    accuracy: 0.8788,
    accuracy_ci_low: 0.826,
    accuracy_ci_high: 0.9172,
    macro_f1: 0.887,
    micro_f1: 0.8788,
    weighted_f1: 0.8852,
    kappa: 0.8382,
    per_class: [
      { label: "billing", precision: 0.8525, recall: 0.8667, f1: 0.8595, support: 60 },
      { label: "refund", precision: 0.8889, recall: 0.8333, f1: 0.8602, support: 48 },
      { label: "shipping", precision: 0.9375, recall: 0.9574, f1: 0.9474, support: 47 },
      { label: "account", precision: 0.9024, recall: 0.8605, f1: 0.881, support: 43 },
    ],
    confusion: {
      labels: [...intentLabels],
      predicted_labels: [...intentLabels, "(other)"],
      matrix: [
        [52, 4, 1, 2, 1],
        [6, 40, 0, 1, 1],
        [1, 0, 45, 1, 0],
        [2, 1, 2, 37, 1],
      ],
    },
  };
}

function localIntent(): ClassificationSummary {
  return {
    scorer: "intent",
    n: 200,
    accuracy: 0.69,
    accuracy_ci_low: 0.6228,
    accuracy_ci_high: 0.75,
    macro_f1: 0.7108,
    micro_f1: 0.69,
    weighted_f1: 0.7074,
    kappa: 0.5909,
    per_class: [
      { label: "billing", precision: 0.678, recall: 0.6667, f1: 0.6723, support: 60 },
      { label: "refund", precision: 0.6739, recall: 0.62, f1: 0.6458, support: 50 },
      { label: "shipping", precision: 0.8085, recall: 0.7917, f1: 0.8, support: 48 },
      { label: "account", precision: 0.7632, recall: 0.6905, f1: 0.725, support: 42 },
    ],
    confusion: {
      labels: [...intentLabels],
      predicted_labels: [...intentLabels, "(other)"],
      matrix: [
        [40, 10, 4, 3, 3],
        [12, 31, 2, 3, 2],
        [3, 2, 38, 3, 2],
        [4, 3, 3, 29, 3],
      ],
    },
  };
}

const caseIds = (count: number, start: number): string[] => Array.from({ length: count }, (_, index) => `t-${String(start + index * 3).padStart(3, "0")}`);

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
    metric("bleu", "corpus", { n: 198, mean: 48.53, low: 45.1, high: 51.9 }),
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
  classification: [hostedIntent()],
  label_rates: [
    { scorer: "toxicity", label: "toxic", n: 198, count: 3, rate: 0.0152, ci_low: 0.0052, ci_high: 0.0436 },
    { scorer: "pii", label: "email", n: 198, count: 12, rate: 0.0606, ci_low: 0.035, ci_high: 0.1029 },
  ],
  judge_consistency: [{ scorer: "helpfulness", cases: 198, samples_per_case: 3, mean_sd: 0.0412, agreement: 0.9394 }],
  consistency: { repeats: 2, cases: 100, pass_at_k: 0.91, pass_hat_k: 0.7768, always_pass: 77, always_fail: 9, flaky_cases: caseIds(14, 4), flaky_count: 14 },
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
    metric("rouge_l", "mean", { n: 200, mean: 0.7412, low: 0.705, high: 0.7774, method: "clustered" }),
    metric("bleu", "corpus", { n: 200, mean: 47.1, low: 43.62, high: 50.55 }),
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
  classification: [localIntent()],
  label_rates: [
    { scorer: "toxicity", label: "toxic", n: 200, count: 9, rate: 0.045, ci_low: 0.0239, ci_high: 0.0833 },
    { scorer: "pii", label: "email", n: 200, count: 1, rate: 0.005, ci_low: 0.0009, ci_high: 0.0278 },
  ],
  // More flaky cases than the summary lists (it keeps 50).
  consistency: { repeats: 2, cases: 100, pass_at_k: 0.81, pass_hat_k: 0.41, always_pass: 30, always_fail: 10, flaky_cases: caseIds(50, 1), flaky_count: 60 },
};

/** One comparison per verdict: the reference better (McNemar), the other better (paired t), and a tie with the cases needed. */
const comparisons: ComparisonSummary[] = [
  {
    a: "gpt-mini",
    b: "local-qwen",
    metric: "pass_rate",
    n: 198,
    mean_a: 0.8434,
    mean_b: 0.6111,
    difference: -0.2323,
    ci_low: -0.3046,
    ci_high: -0.16,
    p_value: 1.2e-9,
    test: "mcnemar",
    verdict: "a",
    minimum_detectable_effect: 0.0862,
    cases_needed: null,
    statement: "gpt-mini is better than local-qwen on pass_rate by 23.2 points [16.0, 30.5], p < 0.001 (McNemar, n = 198).",
  },
  {
    a: "gpt-mini",
    b: "local-qwen",
    metric: "rouge_l",
    n: 198,
    mean_a: 0.6931,
    mean_b: 0.7412,
    difference: 0.0481,
    ci_low: 0.0123,
    ci_high: 0.0839,
    p_value: 0.0086,
    test: "paired-t",
    verdict: "b",
    minimum_detectable_effect: 0.0361,
    cases_needed: null,
    statement: "local-qwen is better than gpt-mini on rouge_l by 0.048 [0.012, 0.084], p = 0.009 (paired t, n = 198).",
  },
  {
    a: "gpt-mini",
    b: "local-qwen",
    metric: "bleu",
    n: 198,
    mean_a: 48.53,
    mean_b: 47.1,
    difference: -1.43,
    ci_low: -4.9,
    ci_high: 2.04,
    p_value: 0.42,
    test: "paired-t",
    verdict: "tie",
    minimum_detectable_effect: 4.86,
    cases_needed: 2310,
    statement: "gpt-mini and local-qwen cannot be told apart on bleu with n = 198 (difference -1.43 [-4.90, 2.04], p = 0.42); about 2,310 cases would detect a difference this size.",
  },
];

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

/**
 * A realistic summary: a hosted model, a local unpriced one, a simulated one (with none of the schema
 * 1.1 fields), a skipped one, a failed gate, classification reports, label rates, judge and repeat
 * consistency, a corpus BLEU metric and paired comparisons.
 */
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
    comparisons: structuredClone(comparisons),
  };
}

/** The summary as written before schema 1.1: none of the optional fields, no corpus metric. */
export function legacySummary(): RunSummary {
  const summary = fixtureSummary();
  delete summary.comparisons;
  for (const candidate of summary.candidates) {
    delete candidate.classification;
    delete candidate.label_rates;
    delete candidate.judge_consistency;
    delete candidate.consistency;
    candidate.metrics = candidate.metrics.filter((entry) => entry.kind !== "corpus");
    for (const entry of candidate.metrics) if (entry.method === "clustered") entry.method = "t";
  }
  return summary;
}

export function fixtureExtras(): ReportExtras {
  return {
    errors: [{ candidate: "gpt-mini", code: "provider_timeout", count: 2, firstMessage: "no response after 30000 ms" }],
    failures: [
      {
        candidate: "gpt-mini",
        caseId: "t-017",
        input: "I was charged twice, can I get my money back?",
        output: "billing",
        expected: "refund",
        reason: "exact_match did not pass",
        scorers: [
          { name: "exact_match", score: 0, pass: false, reason: "expected `refund`" },
          { name: "rouge_l", score: 0.5, pass: true, reason: "" },
        ],
      },
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
  const hostileLabels = [`<script>alert("cm")</script>`, `"><img src=x onerror=alert(1)>`, "a|b`c*d_e", `x&y</text></svg><svg onload=alert(2)>`];
  const classification = first?.classification?.[0];
  if (classification) {
    classification.scorer = `<b>intent</b>`;
    classification.confusion.labels = [...hostileLabels];
    classification.confusion.predicted_labels = [...hostileLabels, "(other)"];
    classification.per_class.forEach((entry, index) => (entry.label = hostileLabels[index] ?? entry.label));
  }
  const rate = first?.label_rates?.[0];
  if (rate) rate.label = `<script>alert("rate")</script>`;
  if (first?.consistency) first.consistency.flaky_cases[0] = `<script>alert("case")</script>`;
  for (const comparison of summary.comparisons ?? []) {
    comparison.a = evil;
    comparison.statement = `<script>alert("statement")</script> | **bold**`;
  }
  summary.run.project = `<img src=x onerror=alert(1)>`;
  summary.skipped.push({ candidate: "]]></x>", reason: `<script>alert("skip")</script> & \u0001` });
  return summary;
}
