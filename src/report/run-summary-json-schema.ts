/**
 * JSON Schema (draft 2020-12) of RunSummary, schema version 1. This object is the source of
 * schema/run-summary.schema.json (a test keeps the two equal) and fixes the key order of renderJson.
 * Keep it in step with src/spec/run-summary.ts: every field required, no extra fields.
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

function object(properties: Record<string, JsonSchemaNode>, description?: string): JsonSchemaNode {
  return {
    type: "object",
    ...(description === undefined ? {} : { description }),
    properties,
    required: Object.keys(properties),
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
  kind: { enum: ["proportion", "mean"], description: "`proportion`: a rate in [0,1] (Wilson interval); `mean`: an average (t interval)." },
  n: { ...count, description: "Results the metric was computed over." },
  mean: nullableNumber("The rate or the mean; null when n is 0."),
  ci_low: nullableNumber("Lower end of the 95% interval."),
  ci_high: nullableNumber("Upper end of the 95% interval."),
  method: { enum: ["wilson", "t", "bootstrap"], description: "How the 95% interval was computed." },
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

const candidateSummary = object({
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
  }),
  $defs: { candidateSummary, metricSummary, efficiencySummary, latencyStats, gateOutcome },
};
