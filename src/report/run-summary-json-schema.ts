/**
 * JSON Schema (draft 2020-12) of RunSummary, schema version 1. This object is the source of
 * schema/run-summary.schema.json (a test keeps the two equal) and fixes the key order of renderJson.
 * Keep it in step with src/spec/run-summary.ts: every field required except the fields added after
 * the first release of version 1 (optional, so older summaries stay valid), no extra fields.
 */

export interface JsonSchemaNode {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
  title?: string;
  description?: string;
  type?: string | readonly string[];
  const?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  format?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode;
  maxItems?: number;
  anyOf?: readonly JsonSchemaNode[];
}

const count: JsonSchemaNode = { type: "integer", minimum: 0 };
const nullableNumber = (description: string): JsonSchemaNode => ({ type: ["number", "null"], description });

const unit = (description: string): JsonSchemaNode => ({ type: "number", minimum: 0, maximum: 1, description });

/** A closed object: every property required except those named in `optional`. */
function object(properties: Record<string, JsonSchemaNode>, description?: string, optional: readonly string[] = []): JsonSchemaNode {
  return {
    type: "object",
    ...(description === undefined ? {} : { description }),
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  };
}

const latencyStats = object(
  {
    n: { ...count, description: "Requests measured." },
    mean: nullableNumber("Mean, ms."),
    p50: nullableNumber("Median, ms."),
    p95: nullableNumber("95th percentile, ms."),
    p99: nullableNumber("99th percentile, ms."),
    max: nullableNumber("Maximum, ms."),
  },
  "Latency statistics in milliseconds; null figures when no request was measured.",
);

const metricSummary = object({
  name: { type: "string", minLength: 1, description: "`pass_rate`, `score`, or a scorer's name." },
  kind: {
    enum: ["proportion", "mean", "corpus"],
    description: "`proportion`: a rate in [0,1] (Wilson interval); `mean`: an average (t interval); `corpus`: a corpus-level score on the metric's own scale (corpus BLEU 0-100) with a bootstrap interval.",
  },
  n: { ...count, description: "Results the metric was computed over." },
  mean: nullableNumber("The rate or the mean; null when n is 0."),
  ci_low: nullableNumber("Lower end of the 95% interval."),
  ci_high: nullableNumber("Upper end of the 95% interval."),
  method: { enum: ["wilson", "t", "bootstrap", "clustered"], description: "How the 95% interval was computed; `clustered`: standard errors clustered by case when cases are repeated." },
});

const efficiencySummary = object({
  latency_ms: { $ref: "#/$defs/latencyStats", description: "Wall-clock latency per request, ms (uncached calls only)." },
  ttft_ms: { anyOf: [{ $ref: "#/$defs/latencyStats" }, { type: "null" }], description: "Time to first token when streaming, ms; null when the candidate did not stream." },
  output_tokens_per_second: nullableNumber("Mean of per-request output tokens per second (uncached calls with output)."),
  input_tokens_total: { ...count, description: "Input tokens, cache reads and writes included." },
  output_tokens_total: { ...count, description: "Output tokens, reasoning included." },
  input_tokens_mean: nullableNumber("Mean input tokens per request."),
  output_tokens_mean: nullableNumber("Mean output tokens per request."),
  cost_usd_total: nullableNumber("Total cost, USD; null when the model has no price entry."),
  cost_per_request_usd: nullableNumber("Mean cost per request, USD."),
  cost_per_1k_requests_usd: nullableNumber("Mean cost per 1,000 requests, USD."),
  price_source: { type: ["string", "null"], description: "Where the price came from (source and date), or why there is none." },
  cached_results: { ...count, description: "Results served from the response cache." },
  latency_sample_ms: { type: "array", items: { type: "number", minimum: 0 }, maxItems: 2000, description: "Up to 2,000 latencies (ms), a uniform sample, for distribution charts." },
});

const candidateSummary = object(
  {
    id: { type: "string", minLength: 1, description: "Candidate id from tuneops.yaml." },
    provider: { type: "string", description: "Provider id." },
    model: { type: "string", description: "Model name as sent to the provider." },
    prompt: { type: ["string", "null"], description: "Prompt id; null when the candidate uses none." },
    labels: { type: "array", items: { type: "string" }, description: "Labels to show beside every figure, e.g. `simulated`, `local`, `cached`." },
    n: { ...count, description: "Results stored for this candidate." },
    errors: { ...count, description: "Results whose call failed (no output)." },
    error_codes: { type: "object", additionalProperties: count, description: "Errors by code." },
    metrics: { type: "array", items: { $ref: "#/$defs/metricSummary" }, description: "`pass_rate` first, then `score`, then one entry per scorer." },
    efficiency: { $ref: "#/$defs/efficiencySummary" },
    classification: { type: "array", items: { $ref: "#/$defs/classificationSummary" }, description: "One report per classification scorer (predicted vs expected labels)." },
    label_rates: { type: "array", items: { $ref: "#/$defs/labelRate" }, description: "Rates of the classes that labelling scorers assigned, each with a Wilson interval." },
    judge_consistency: { type: "array", items: { $ref: "#/$defs/judgeConsistency" }, description: "Self-consistency of judges sampled several times per case." },
    consistency: { $ref: "#/$defs/consistencySummary", description: "Per-case consistency when cases are repeated." },
    model_versions: {
      type: "array",
      items: { $ref: "#/$defs/modelVersionCount" },
      description: "Model versions the upstream reported for the answers, most results first; two or more: the model changed under its name.",
    },
  },
  undefined,
  // Added in schema 1.1: absent from older summaries.
  ["classification", "label_rates", "judge_consistency", "consistency", "model_versions"],
);

const modelVersionCount = object({
  version: { type: "string", minLength: 1, description: "As the upstream reported it: a dated model id, a `system_fingerprint`, or both." },
  results: { ...count, description: "Results answered by this version." },
  cached: { ...count, description: "Of them, served from the response cache." },
});

const classificationSummary = object({
  scorer: { type: "string", minLength: 1, description: "The classification scorer's name." },
  n: { ...count, description: "Results with both a predicted and an expected label." },
  accuracy: unit("Share of results whose predicted label is the expected one."),
  accuracy_ci_low: unit("Lower end of the accuracy's 95% Wilson interval."),
  accuracy_ci_high: unit("Upper end of the accuracy's 95% Wilson interval."),
  macro_f1: unit("Unweighted mean of the per-class F1."),
  micro_f1: unit("F1 over all decisions pooled (equals accuracy for single-label classification)."),
  weighted_f1: unit("Mean of the per-class F1 weighted by support."),
  kappa: { type: "number", minimum: -1, maximum: 1, description: "Cohen's kappa between predicted and expected labels." },
  per_class: {
    type: "array",
    items: object({
      label: { type: "string" },
      precision: unit("Share of predictions of this label that were right."),
      recall: unit("Share of cases expecting this label that were predicted so."),
      f1: unit("Harmonic mean of precision and recall."),
      support: { ...count, description: "Cases whose expected label is this one." },
    }),
    description: "Precision, recall, F1 and support per expected label.",
  },
  confusion: object(
    {
      labels: { type: "array", items: { type: "string" }, description: "Expected labels: the matrix's rows." },
      predicted_labels: { type: "array", items: { type: "string" }, description: "Predicted labels: the columns (`labels`, then `(other)` when predictions fell outside)." },
      matrix: { type: "array", items: { type: "array", items: count }, description: "Counts: matrix[row][column]." },
    },
    "Confusion matrix: rows expected, columns predicted.",
  ),
});

const labelRate = object({
  scorer: { type: "string", minLength: 1, description: "The labelling scorer's name." },
  label: { type: "string", description: "The class, e.g. `toxic`, `email`." },
  n: { ...count, description: "Cases the scorer labelled." },
  count: { ...count, description: "Cases given this label." },
  rate: unit("count / n."),
  ci_low: unit("Lower end of the 95% Wilson interval."),
  ci_high: unit("Upper end of the 95% Wilson interval."),
});

const judgeConsistency = object({
  scorer: { type: "string", minLength: 1, description: "The judge scorer's name." },
  cases: { ...count, description: "Cases judged more than once." },
  samples_per_case: { ...count, description: "Judge samples per case." },
  mean_sd: { type: "number", minimum: 0, description: "Mean over cases of the standard deviation of the sample scores (0 = perfectly consistent)." },
  agreement: unit("Share of cases whose samples all agree on pass/fail at the scorer's threshold."),
});

const consistencySummary = object({
  repeats: { type: "integer", minimum: 1, description: "Attempts per case (k)." },
  cases: { ...count, description: "Cases attempted `repeats` times." },
  pass_at_k: unit("Mean over cases of the unbiased pass@k estimate: the chance that at least one of k attempts passes."),
  pass_hat_k: unit("Mean over cases of pass^k: the chance that all k attempts pass."),
  always_pass: { ...count, description: "Cases that passed every attempt." },
  always_fail: { ...count, description: "Cases that failed every attempt." },
  flaky_cases: { type: "array", items: { type: "string" }, maxItems: 50, description: "Ids of cases that passed some attempts and failed others (at most 50)." },
  flaky_count: { ...count, description: "All flaky cases, listed or not." },
});

const comparisonSummary = object({
  a: { type: "string", description: "The reference candidate (the suite's first)." },
  b: { type: "string", description: "The candidate compared with it." },
  metric: { type: "string", description: "The metric compared." },
  n: { ...count, description: "Paired cases (case and repeat present for both)." },
  mean_a: { type: "number", description: "The metric for `a` over the paired cases." },
  mean_b: { type: "number", description: "The metric for `b` over the paired cases." },
  difference: { type: "number", description: "mean_b - mean_a, in the metric's unit." },
  ci_low: { type: "number", description: "Lower end of the difference's 95% interval (clustered by case when repeated)." },
  ci_high: { type: "number", description: "Upper end of the difference's 95% interval." },
  p_value: unit("Two-sided p-value of the test."),
  test: { enum: ["mcnemar", "paired-t"], description: "`mcnemar` for pass/fail metrics, `paired-t` for the rest." },
  verdict: { enum: ["a", "b", "tie"], description: "Which is better at the 5% level, or `tie` when they cannot be told apart." },
  minimum_detectable_effect: nullableNumber("With n cases, the smallest difference this comparison could detect (80% power, 5% level)."),
  cases_needed: { type: ["integer", "null"], minimum: 0, description: "When tied: about how many cases would detect the observed difference; null when it is 0." },
  statement: { type: "string", description: "One sentence for people." },
});

const gateOutcome = object({
  description: { type: "string", description: "As written in tuneops.yaml, e.g. `pass_rate >= 0.8 (baseline)`." },
  metric: { type: "string", description: "The metric the gate tests." },
  candidate: { type: "string", description: "The candidate it was tested on." },
  actual: nullableNumber("The measured value; null when there was none."),
  passed: { type: "boolean" },
});

export const runSummaryJsonSchema: JsonSchemaNode = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://tuneops.dev/schema/run-summary.schema.json",
  title: "tuneops run summary",
  description: "The summary of an evaluation run (schema version 1), printed by `tuneops eval --json`. See docs/run-summary.md.",
  ...object({
    schema_version: { const: 1 },
    run: object({
      id: { type: "string", minLength: 1 },
      project: { type: "string" },
      suite: { type: "string" },
      status: { type: "string", description: "Run status, e.g. `completed`, `failed`, `interrupted`." },
      created_at: { type: "string", format: "date-time", description: "ISO 8601." },
      ended_at: { type: ["string", "null"], format: "date-time", description: "ISO 8601; null while running." },
      simulated: { type: "boolean", description: "True when any candidate is simulated: every figure must then be labelled so." },
    }),
    dataset: object({
      name: { type: "string" },
      path: { type: "string" },
      hash: { type: "string", description: "Content hash of the dataset." },
      cases: { ...count, description: "Cases in the dataset." },
    }),
    repeats: { type: "integer", minimum: 1, description: "Times each case was run per candidate." },
    candidates: { type: "array", items: { $ref: "#/$defs/candidateSummary" } },
    skipped: {
      type: "array",
      items: object({ candidate: { type: "string" }, reason: { type: "string" } }),
      description: "Candidates in the configuration that did not run, with why.",
    },
    gates: { type: "array", items: { $ref: "#/$defs/gateOutcome" } },
    comparisons: {
      type: "array",
      items: { $ref: "#/$defs/comparisonSummary" },
      description: "Paired comparisons of each candidate with the first, one per shared metric.",
    },
  }, undefined, ["comparisons"]), // `comparisons` was added in schema 1.1.
  $defs: {
    candidateSummary,
    metricSummary,
    efficiencySummary,
    latencyStats,
    classificationSummary,
    labelRate,
    judgeConsistency,
    consistencySummary,
    modelVersionCount,
    gateOutcome,
    comparisonSummary,
  },
};
