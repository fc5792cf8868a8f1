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
  /**
   * Paired comparisons of each candidate with the first one (the reference), on the cases both ran:
   * one entry per shared metric. Absent in summaries written before schema 1.1.
   */
  comparisons?: ComparisonSummary[];
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
  /** One report per classification scorer (predicted vs expected labels). */
  classification?: ClassificationSummary[];
  /** Rates of the classes that labelling scorers (safety, factuality, pairwise) assigned, each with a Wilson interval. */
  label_rates?: LabelRate[];
  /** Self-consistency of judges sampled several times per case (`--judge-samples`). */
  judge_consistency?: JudgeConsistency[];
  /** Per-case consistency when cases are repeated (`repeats` > 1). */
  consistency?: ConsistencySummary;
  /**
   * The model versions the upstream reported for this candidate's answers (`system_fingerprint`, a
   * dated model id), most results first; cached answers count under the version that produced them.
   * Absent when the upstream reports none. Two or more entries: the model changed under its name.
   */
  model_versions?: ModelVersionCount[];
}

export interface ModelVersionCount {
  version: string;
  /** Results answered by this version. */
  results: number;
  /** Of them, served from the response cache. */
  cached: number;
}

export interface ClassificationSummary {
  scorer: string;
  n: number;
  accuracy: number;
  /** 95% Wilson interval of the accuracy. */
  accuracy_ci_low: number;
  accuracy_ci_high: number;
  macro_f1: number;
  micro_f1: number;
  weighted_f1: number;
  /** Cohen's kappa between predicted and expected labels; null when undefined (a single class). */
  kappa: number | null;
  per_class: { label: string; precision: number; recall: number; f1: number; support: number }[];
  /** Rows: expected labels; columns: predicted labels (`labels`, then "(other)" when predictions fell outside). */
  confusion: { labels: string[]; predicted_labels: string[]; matrix: number[][] };
}

export interface LabelRate {
  scorer: string;
  label: string;
  /** Cases the scorer labelled. */
  n: number;
  count: number;
  rate: number;
  ci_low: number;
  ci_high: number;
}

export interface JudgeConsistency {
  scorer: string;
  /** Cases judged more than once. */
  cases: number;
  samples_per_case: number;
  /** Mean over cases of the standard deviation of the sample scores (0 = perfectly consistent). */
  mean_sd: number;
  /** Share of cases whose samples all agree on pass/fail at the scorer's threshold. */
  agreement: number;
}

export interface ConsistencySummary {
  repeats: number;
  cases: number;
  /** Mean over cases of the unbiased pass@k estimate, k = repeats. */
  pass_at_k: number;
  /** Mean over cases of pass^k: the chance that all k attempts pass. */
  pass_hat_k: number;
  always_pass: number;
  always_fail: number;
  /** Cases that passed some attempts and failed others (at most 50 listed). */
  flaky_cases: string[];
  flaky_count: number;
}

/** A paired comparison of two candidates on one metric over the cases both ran. */
export interface ComparisonSummary {
  /** The reference candidate (the suite's first). */
  a: string;
  b: string;
  metric: string;
  /** Paired cases (case and repeat present for both). */
  n: number;
  mean_a: number;
  mean_b: number;
  /** mean_b - mean_a with its 95% interval (clustered by case when repeated). */
  difference: number;
  ci_low: number;
  ci_high: number;
  p_value: number;
  /** `mcnemar` for pass/fail metrics, `paired-t` for the rest. */
  test: "mcnemar" | "paired-t";
  /** Which is better at the 5% level, or that they cannot be told apart. */
  verdict: "a" | "b" | "tie";
  /** With n cases, the smallest difference this comparison could detect (80% power, 5% level). */
  minimum_detectable_effect: number | null;
  /** When tied: about how many cases would detect the observed difference (null when it is 0). */
  cases_needed: number | null;
  /** One sentence for people, e.g. "b is better by 4.1 points [1.2, 7.0], p = 0.006". */
  statement: string;
}

export interface MetricSummary {
  name: string;
  /**
   * `proportion`: a rate in [0,1] (Wilson interval); `mean`: an average (t interval); `corpus`: a
   * corpus-level score on the metric's own scale (corpus BLEU 0-100) with a bootstrap interval.
   */
  kind: "proportion" | "mean" | "corpus";
  n: number;
  mean: number | null;
  /** 95% interval. */
  ci_low: number | null;
  ci_high: number | null;
  method: "wilson" | "t" | "bootstrap" | "clustered";
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
