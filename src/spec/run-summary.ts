/**
 * The summary of a run: what every report renders and what `tuneops eval --json` prints (schema
 * version 1, documented in docs/run-summary.md and schema/run-summary.schema.json). Field names are
 * snake_case because this is a wire format.
 */
export interface RunSummary {
  schema_version: 1;
  run: {
    id: string;
    project: string;
    suite: string;
    status: string;
    /** ISO 8601. */
    created_at: string;
    ended_at: string | null;
    /** True when any candidate is simulated: every figure must then be labelled so. */
    simulated: boolean;
  };
  dataset: { name: string; path: string; hash: string; cases: number };
  repeats: number;
  candidates: CandidateSummary[];
  /** Candidates in the configuration that did not run, with why. */
  skipped: { candidate: string; reason: string }[];
  gates: GateOutcome[];
}

export interface CandidateSummary {
  id: string;
  provider: string;
  model: string;
  prompt: string | null;
  /** Labels to show beside every figure, e.g. `simulated`, `local`, `cached`. */
  labels: string[];
  /** Results stored for this candidate. */
  n: number;
  /** Results whose call failed (no output). */
  errors: number;
  /** Errors by code. */
  error_codes: Record<string, number>;
  /** `pass_rate` first, then `score`, then one entry per scorer. */
  metrics: MetricSummary[];
  efficiency: EfficiencySummary;
}

export interface MetricSummary {
  name: string;
  /** `proportion`: a rate in [0,1] (Wilson interval); `mean`: an average (t interval). */
  kind: "proportion" | "mean";
  n: number;
  mean: number | null;
  /** 95% interval. */
  ci_low: number | null;
  ci_high: number | null;
  method: "wilson" | "t" | "bootstrap";
}

export interface LatencyStats {
  n: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface EfficiencySummary {
  /** Wall-clock latency per request, ms (uncached calls only). */
  latency_ms: LatencyStats;
  /** Time to first token when streaming, ms; null when the candidate did not stream. */
  ttft_ms: LatencyStats | null;
  /** Mean of per-request output tokens per second (uncached calls with output). */
  output_tokens_per_second: number | null;
  input_tokens_total: number;
  output_tokens_total: number;
  input_tokens_mean: number | null;
  output_tokens_mean: number | null;
  /** Null when the model has no price entry. */
  cost_usd_total: number | null;
  cost_per_request_usd: number | null;
  cost_per_1k_requests_usd: number | null;
  /** Where the price came from (source and date), or why there is none. */
  price_source: string | null;
  cached_results: number;
  /** Up to 2,000 latencies (ms), a uniform sample, for distribution charts. */
  latency_sample_ms: number[];
}

export interface GateOutcome {
  /** As written in tuneops.yaml, e.g. `pass_rate >= 0.8 (baseline)`. */
  description: string;
  metric: string;
  candidate: string;
  actual: number | null;
  passed: boolean;
}
