import { z } from "zod";

/**
 * The use case of `tuneops.yaml` (`use_case:`): what the work is worth, the service levels it must meet,
 * who may see the data, and the cost assumptions of `tuneops decide`. Every assumption has a default
 * (documented in docs/decide.md); write only the ones you know better.
 */

const usd = z.number().min(0);
const share = z.number().min(0).max(1);

const qualitySlo = z
  .object({
    metric: z.string().min(1).describe("The metric that measures success: `pass_rate`, `score` or a scorer name; a share in [0, 1]."),
    min: share.describe("The least acceptable value of the metric."),
    use: z.enum(["mean", "ci_low"]).default("mean").describe("`ci_low`: the lower end of the 95% interval must clear `min` (stricter)."),
  })
  .strict();

export const sloSchema = z
  .object({
    quality: qualitySlo.optional(),
    latency_p95_ms: z.number().positive().optional().describe("The slowest acceptable 95th-percentile latency, ms."),
    max_cost_per_request_usd: usd.optional().describe("The most one request may cost (inference, per request), USD."),
  })
  .strict();

export const peopleAssumptionsSchema = z
  .object({
    hourly_rate_usd: usd.optional().describe("Loaded cost of an engineer's or reviewer's hour (default 100)."),
    prompt_engineering_hours_per_month: usd.optional().describe("Upkeep of prompts, retrieval and data, per LLM option (default 8)."),
    baseline_hours_per_month: usd.optional().describe("Upkeep of the classical baseline (default 2)."),
    rework_hours_per_model_change: usd.optional().describe("Work each time a provider changes or retires a model or an API (default 16)."),
    model_changes_per_year: usd.optional().describe("How often a hosted provider changes a model or an API under you (default 2)."),
    review_minutes_per_sample: usd.optional().describe("Human review time per reviewed output (default 2)."),
    review_sample_rate: share.optional().describe("Share of requests a person reviews (default 0.01)."),
    self_hosting_ops_hours_per_month: usd.optional().describe("Operating your own inference servers (default 20)."),
  })
  .strict();

export const evaluationAssumptionsSchema = z
  .object({
    judge_sample_rate: share.optional().describe("Share of production requests an LLM judge scores for monitoring (default 0.01)."),
    judge_cost_per_call_usd: usd.optional().describe("Cost of one judge call (default 0.002)."),
    regression_runs_per_month: usd.optional().describe("Evaluation runs a month (new prompts, model updates) at the measured cost per case (default 2)."),
  })
  .strict();

export const fineTuningAssumptionsSchema = z
  .object({
    training_tokens: z.number().int().min(0).optional().describe("Tokens of the training file per epoch (see `tuneops finetune estimate`; default 1,000,000)."),
    epochs: z.number().int().min(1).max(50).optional().describe("Training epochs (default 3)."),
    retrains_per_year: usd.optional().describe("Fine-tuning jobs a year, new data and model retirements included (default 4)."),
    data_preparation_hours_per_retrain: usd.optional().describe("Curating and checking the training data for one job (default 16)."),
    hosting_usd_per_hour: usd.optional().describe("Deployment fee of the fine-tuned model (default: the price table's, else 0)."),
  })
  .strict();

export const selfHostingAssumptionsSchema = z
  .object({
    gpu_hourly_usd: usd.optional().describe("Price of one GPU hour (default 2.5: an on-demand cloud GPU of the L40S/A100 class)."),
    utilisation: z.number().gt(0).max(1).optional().describe("Share of a GPU's time spent serving (default 0.5)."),
    concurrent_streams: z.number().int().positive().optional().describe("Requests a GPU serves at once (batching; default 8)."),
    min_gpus: z.number().int().min(0).optional().describe("GPUs kept running whatever the load (default 1: a service must be up)."),
    output_tokens_per_second: z.number().positive().optional().describe("Per-stream decode speed (default: the run's measured speed)."),
  })
  .strict();

/** Facts about a candidate that its run could not measure (a replay of recorded answers, say). */
export const candidateFactsSchema = z
  .object({
    kind: z.enum(["baseline", "prompting", "rag", "fine-tuned", "self-hosted"]).optional().describe("What the candidate is (default: from its provider)."),
    vendor: z.string().min(1).optional().describe("Who sees the data: `local` or a provider name such as `openai` (default: from its provider)."),
    model: z.string().min(1).optional().describe("Model id to price its tokens with (default: the run's)."),
    input_tokens_per_request: z.number().min(0).optional(),
    output_tokens_per_request: z.number().min(0).optional(),
    latency_p95_ms: z.number().min(0).optional(),
    base_model: z.string().min(1).optional().describe("Fine-tuned: the model it was trained from (prices the training)."),
  })
  .strict();

const useCaseFields = {
  description: z.string().optional(),
  audience: z.enum(["customer-facing", "internal"]).describe("Who sees the outputs."),
  volume_per_month: z.number().min(0).describe("Requests a month."),
  value_per_success_usd: usd.describe("What one successful request is worth, USD."),
  cost_per_failure_usd: usd.describe("What one failed request costs (escalation, rework, churn), USD."),
  slo: sloSchema.optional(),
  data_sensitivity: z
    .object({
      allowed_vendors: z.array(z.string().min(1)).min(1).describe("Who may see the data: `local` (your machines) and provider names (`openai`, `anthropic`, a host name)."),
    })
    .strict()
    .optional()
    .describe("Default: every vendor may see the data."),
  people: peopleAssumptionsSchema.optional(),
  evaluation: evaluationAssumptionsSchema.optional(),
  fine_tuning: fineTuningAssumptionsSchema.optional(),
  self_hosting: selfHostingAssumptionsSchema.optional(),
  candidates: z.record(z.string(), candidateFactsSchema).optional().describe("Facts about candidates that runs could not measure, by candidate id."),
};

/** The same fields, every one optional: a suite's overrides of the project's use case. */
const useCaseOverrideSchema = z.object(useCaseFields).partial().strict();

export const useCaseSchema = z
  .object({
    ...useCaseFields,
    suites: z.record(z.string(), useCaseOverrideSchema).optional().describe("Per-suite overrides, when suites are different tasks (merged over the fields above)."),
  })
  .strict()
  .describe("The use case `tuneops decide` weighs options against (docs/decide.md).");

export type UseCaseConfig = z.infer<typeof useCaseSchema>;
export type UseCaseOverride = z.infer<typeof useCaseOverrideSchema>;
export type CandidateFacts = z.infer<typeof candidateFactsSchema>;
