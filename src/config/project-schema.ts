import { z } from "zod";
import { useCaseSchema } from "./use-case-schema.js";
import { arenaConfigSchema } from "./arena-schema.js";
import { finetuneSchema } from "./finetune-schema.js";
import { gatewaySchema } from "./gateway-schema.js";
import { durationPattern } from "./duration.js";

/**
 * The schema of `tuneops.yaml`, version 1. Names are snake_case as users write them. Every field has a
 * description: it becomes the editor help in the generated JSON Schema.
 */

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a name of letters, digits, '.', '_' or '-'")
  .describe("A name of letters, digits, '.', '_' or '-'.");

const positiveInt = z.number().int().positive();

export const callParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional().describe("Sampling temperature."),
    max_tokens: positiveInt.optional().describe("Maximum output tokens."),
    top_p: z.number().gt(0).max(1).optional().describe("Nucleus sampling."),
    stop: z.array(z.string()).optional().describe("Stop sequences."),
    seed: z.number().int().optional().describe("Sampling seed, where the model supports one."),
    response_format: z
      .union([z.literal("text"), z.literal("json"), z.object({ json_schema: z.record(z.string(), z.unknown()) }).strict()])
      .optional()
      .describe("`json` forces a JSON object; `{json_schema: {...}}` constrains to a schema."),
    extra: z.record(z.string(), z.unknown()).optional().describe("Provider-specific body parameters, passed through unchanged."),
  })
  .strict();
export type CallParams = z.infer<typeof callParamsSchema>;

const providerCommon = {
  concurrency: positiveInt.max(1024).optional().describe("Calls in flight at once for this provider (default from `defaults`)."),
  timeout_ms: positiveInt.optional().describe("Per-call timeout in ms."),
  max_retries: z.number().int().min(0).max(20).optional().describe("Retries of a retryable failure (429, 5xx, timeouts)."),
  params: callParamsSchema.optional().describe("Default call parameters."),
  stream: z.boolean().optional().describe("Stream responses (measures time to first token). Default: true where supported."),
};

const openAiCompatibleProvider = z
  .object({
    type: z.literal("openai-compatible"),
    model: z.string().min(1).describe("Model id as the server knows it."),
    base_url: z.string().url().default("https://api.openai.com/v1").describe("Server base URL, up to and including /v1."),
    api_key_env: z.string().optional().describe("Name of the environment variable holding the API key (never the key itself)."),
    headers: z.record(z.string(), z.string()).optional().describe("Extra request headers."),
    local: z.boolean().optional().describe("The server runs on this machine or network (data stays in house). Default: true for localhost."),
    ...providerCommon,
  })
  .strict();

const anthropicProvider = z
  .object({
    type: z.literal("anthropic"),
    model: z.string().min(1),
    base_url: z.string().url().default("https://api.anthropic.com").describe("API base URL (without /v1)."),
    api_key_env: z.string().default("ANTHROPIC_API_KEY"),
    ...providerCommon,
  })
  .strict();

const llamaCppProvider = z
  .object({
    type: z.literal("llama-cpp"),
    model_path: z.string().min(1).describe("Path to a GGUF file."),
    context_size: positiveInt.optional().describe("Context window in tokens (default 2048)."),
    threads: positiveInt.optional().describe("CPU threads for inference (default: 1 per concurrent call)."),
    gpu: z.boolean().optional().describe("Use a GPU build if one is available (default false)."),
    ...providerCommon,
  })
  .strict();

const baselineProvider = z
  .object({
    type: z.literal("baseline"),
    task: z
      .enum(["classify", "answer"])
      .describe("`classify`: TF-IDF + logistic regression over labels; `answer`: BM25 retrieval of the closest training question's answer."),
    ...providerCommon,
  })
  .strict();

const replayProvider = z
  .object({
    type: z.literal("replay"),
    field: z.string().min(1).describe("Dataset field holding the recorded output."),
    latency_field: z.string().optional().describe("Dataset field holding the recorded latency in ms."),
    ...providerCommon,
  })
  .strict();

const scriptProvider = z
  .object({
    type: z.literal("script"),
    path: z.string().min(1).describe("A .js, .mjs or .ts module, relative to tuneops.yaml."),
    export: z.string().default("default").describe("Name of the exported function."),
    ...providerCommon,
  })
  .strict();

const simulatedProvider = z
  .object({
    type: z.literal("simulated"),
    model: z.string().default("simulated"),
    latency_ms: z.number().min(0).default(0).describe("Total latency of a call, ms."),
    ttft_ms: z.number().min(0).optional().describe("Time to first token, ms (default: a tenth of latency)."),
    jitter_ms: z.number().min(0).default(0).describe("Deterministic per-case jitter added to latency, ms."),
    output_tokens: positiveInt.default(16).describe("Output tokens per call."),
    response: z.string().default("echo").describe("`echo` (the prompt's last line), `expected` (the case's reference) or a fixed text."),
    error_rate: z.number().min(0).max(1).default(0).describe("Share of calls that fail with a retryable error."),
    seed: z.number().int().default(1),
    ...providerCommon,
  })
  .strict();

export const providerSchema = z.discriminatedUnion("type", [
  openAiCompatibleProvider,
  anthropicProvider,
  llamaCppProvider,
  baselineProvider,
  replayProvider,
  scriptProvider,
  simulatedProvider,
]);
export type ProviderConfig = z.infer<typeof providerSchema>;

const chatMessageSchema = z
  .object({ role: z.enum(["system", "user", "assistant"]), content: z.string() })
  .strict();

export const promptSchema = z.union([
  z.string().describe("A text template (Liquid syntax: {{ field }})."),
  z.object({ text: z.string() }).strict(),
  z.object({ messages: z.array(chatMessageSchema).min(1) }).strict(),
  z.object({ file: z.string().min(1).describe("A .txt/.md text template, or .json/.yaml list of chat messages.") }).strict(),
]);
export type PromptConfig = z.infer<typeof promptSchema>;

export const datasetSchema = z
  .object({
    path: z.string().min(1).describe("Test cases: .jsonl, .csv, .yaml/.yml or .json."),
    train: z.string().optional().describe("Training split, same format rules (baselines train on it)."),
    input: z.string().default("input").describe("Field holding the input text."),
    expected: z.string().default("expected").describe("Field holding the reference answer or label."),
    id: z.string().optional().describe("Field holding a stable case id (default: the row number)."),
    limit: positiveInt.optional().describe("Use only the first N cases."),
  })
  .strict();
export type DatasetConfig = z.infer<typeof datasetSchema>;

const bm25Retriever = z
  .object({
    type: z.literal("bm25"),
    path: z.string().min(1).describe("Folder of .txt/.md documents; each paragraph is a passage."),
    query: z.string().default("{{ input }}").describe("Template of the search query."),
    top_k: positiveInt.max(100).default(3),
  })
  .strict();

const sqlRetriever = z
  .object({
    type: z.literal("sql"),
    url: z.string().min(1).describe("`sqlite:path/to.db` or `postgres://...`."),
    query: z.string().min(1).describe("SQL with named parameters `:name`."),
    params: z.record(z.string(), z.string()).default({}).describe("Parameter templates, e.g. `{topic: '{{ category }}'}`."),
    text_column: z.string().default("text").describe("Column holding the passage text."),
  })
  .strict();

export const retrieverSchema = z.discriminatedUnion("type", [bm25Retriever, sqlRetriever]);
export type RetrieverConfig = z.infer<typeof retrieverSchema>;

const candidateSchema = z
  .object({
    id: identifier.optional().describe("Candidate id (default: provider[+prompt][+params index])."),
    provider: identifier.optional().describe("Provider name (see `providers`)."),
    providers: z.array(identifier).min(1).optional().describe("Several providers: one candidate each (matrix)."),
    prompt: z.string().optional().describe("Prompt name (see `prompts`) or an inline text template."),
    prompts: z.array(z.string()).min(1).optional().describe("Several prompts: one candidate each (matrix)."),
    params: callParamsSchema.optional(),
    params_grid: z.array(callParamsSchema).min(1).optional().describe("Several parameter sets: one candidate each (matrix)."),
    retriever: identifier.optional().describe("Retrieve passages before prompting (see `retrievers`)."),
    context_var: identifier.default("context").describe("Template variable the retrieved passages fill."),
  })
  .strict();
export type CandidateConfig = z.infer<typeof candidateSchema>;

const scorerCommon = {
  name: identifier.optional().describe("Metric name in reports (default: the type, numbered if repeated)."),
  threshold: z.number().optional().describe("Pass when score >= threshold (default 1 for match scorers)."),
  weight: z.number().min(0).default(1),
};

const valueOrValues = {
  value: z.string().optional().describe("Template of the value to look for (default: the expected field)."),
  values: z.array(z.string()).min(1).optional().describe("Several values (see `mode`)."),
  mode: z.enum(["any", "all"]).default("any"),
};

const referenceValue = {
  value: z.string().optional().describe("Template of the reference (default: the expected field); a list in the field means several references."),
};
const judgeCommon = {
  provider: identifier.describe("The provider that judges (see `providers`); local models can judge."),
  samples: positiveInt.max(20).optional().describe("Judge each case K times and report the judge's self-consistency (default 1, or --judge-samples)."),
};
const squadVersion = z.enum(["v1", "v2"]).default("v1").describe("SQuAD normalisation: v1.1 (official) or v2.0 (empty answers for unanswerable questions).");

export const scorerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("equals"), value: z.string().optional(), ignore_case: z.boolean().default(false), trim: z.boolean().default(true), ...scorerCommon }).strict(),
  z.object({ type: z.literal("contains"), ...valueOrValues, ...scorerCommon }).strict(),
  z.object({ type: z.literal("icontains"), ...valueOrValues, ...scorerCommon }).strict(),
  z.object({ type: z.literal("starts-with"), value: z.string().optional(), ignore_case: z.boolean().default(false), ...scorerCommon }).strict(),
  z.object({ type: z.literal("regex"), pattern: z.string().min(1), flags: z.string().regex(/^[dgimsuvy]*$/).default(""), ...scorerCommon }).strict(),
  z.object({ type: z.literal("is-json"), ...scorerCommon }).strict(),
  z
    .object({
      type: z.literal("json-schema"),
      schema: z.record(z.string(), z.unknown()).optional(),
      file: z.string().optional().describe("A JSON Schema file, relative to tuneops.yaml."),
      ...scorerCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal("javascript"),
      expression: z.string().min(1).describe("A JS expression over `output`, `expected`, `vars`; true/false or a number."),
      ...scorerCommon,
    })
    .strict(),
  // Reference text metrics (equal to the reference implementations; see docs/metrics.md).
  z.object({ type: z.literal("exact-match"), squad_version: squadVersion, ...referenceValue, ...scorerCommon }).strict(),
  z.object({ type: z.literal("f1"), squad_version: squadVersion, ...referenceValue, ...scorerCommon }).strict(),
  z
    .object({
      type: z.literal("bleu"),
      tokenize: z.enum(["13a", "none", "intl", "char"]).default("13a").describe("sacrebleu tokenizer."),
      smooth: z.enum(["exp", "floor", "add-k", "none"]).default("exp").describe("sacrebleu smoothing (sentence BLEU)."),
      lowercase: z.boolean().default(false),
      ...referenceValue,
      ...scorerCommon,
    })
    .strict(),
  ...(["rouge1", "rouge2", "rougeL", "rougeLsum"] as const).map((variant) =>
    z
      .object({
        type: z.literal(variant),
        use_stemmer: z.boolean().default(false).describe("Porter-stem tokens, as rouge-score's use_stemmer."),
        measure: z.enum(["f", "p", "r"]).default("f").describe("Which figure is the score: F-measure, precision or recall."),
        ...referenceValue,
        ...scorerCommon,
      })
      .strict(),
  ),
  z
    .object({
      type: z.literal("chrf"),
      char_order: positiveInt.max(10).default(6),
      word_order: z.number().int().min(0).max(4).default(0).describe("0: chrF; 2: chrF++."),
      beta: z.number().positive().default(2),
      ...referenceValue,
      ...scorerCommon,
    })
    .strict(),
  z.object({ type: z.literal("levenshtein"), ...referenceValue, ...scorerCommon }).strict().describe("Similarity 1 - distance / longer length."),
  z.object({ type: z.literal("cosine-similarity"), provider: identifier.describe("An embedding provider (see `providers`)."), ...referenceValue, ...scorerCommon }).strict(),
  // Classification.
  z
    .object({
      type: z.literal("classification"),
      extract: z.enum(["exact", "normalized", "regex", "json-field"]).default("normalized").describe("How the label is read from the output."),
      pattern: z.string().optional().describe("regex: the label is the first capture group (or the whole match)."),
      field: z.string().optional().describe("json-field: dotted path of the label in the output's JSON."),
      labels: z.array(z.string()).optional().describe("The label set (default: the labels seen in the expected field)."),
      ...referenceValue,
      ...scorerCommon,
    })
    .strict(),
  // LLM as judge.
  z
    .object({
      type: z.literal("llm-rubric"),
      rubric: z.string().min(1).describe("What a good answer does; the judge grades on `scale`."),
      scale: z.object({ min: z.number().int(), max: z.number().int() }).strict().default({ min: 1, max: 5 }),
      ...judgeCommon,
      ...scorerCommon,
    })
    .strict(),
  z.object({ type: z.literal("factuality"), ...judgeCommon, ...referenceValue, ...scorerCommon }).strict(),
  z.object({ type: z.literal("pairwise"), ...judgeCommon, ...referenceValue, ...scorerCommon }).strict().describe("The judge prefers the output or the reference (win 1, tie 0.5, loss 0)."),
  // Safety baselines (offline by default).
  z
    .object({
      type: z.literal("toxicity"),
      method: z.enum(["lexicon", "judge", "moderation"]).default("lexicon"),
      provider: identifier.optional().describe("For `judge` (a language model) or `moderation` (an OpenAI-compatible /moderations endpoint)."),
      ...scorerCommon,
    })
    .strict(),
  z.object({ type: z.literal("sentiment"), ...scorerCommon }).strict().describe("AFINN-165 sentiment; the score maps [-5, 5] per word to [0, 1]."),
  z.object({ type: z.literal("political-lean"), ...judgeCommon, ...scorerCommon }).strict(),
  z
    .object({
      type: z.literal("pii"),
      entities: z
        .array(z.enum(["email", "phone", "credit-card", "iban", "us-ssn", "ip-address", "secret"]))
        .min(1)
        .optional()
        .describe("Entity types to look for (default: all)."),
      ...scorerCommon,
    })
    .strict(),
]);
export type ScorerConfig = z.infer<typeof scorerSchema>;

export const gateSchema = z
  .object({
    metric: z.string().min(1).describe("`pass_rate`, `score`, `error_rate`, a scorer name, `latency_p50_ms`/`p95`/`p99`, `ttft_p95_ms`, `cost_per_request_usd`."),
    min: z.number().optional(),
    max: z.number().optional(),
    candidate: identifier.optional().describe("Only this candidate (default: every candidate)."),
    use: z.enum(["mean", "ci_low", "ci_high"]).default("mean").describe("Which figure of the metric to compare."),
  })
  .strict()
  .refine((gate) => gate.min !== undefined || gate.max !== undefined, { message: "a gate needs `min` or `max`" });
export type GateConfig = z.infer<typeof gateSchema>;

export const suiteSchema = z
  .object({
    description: z.string().optional(),
    dataset: identifier.describe("Dataset name (see `datasets`)."),
    repeats: positiveInt.max(100).default(1).describe("Times each case is run per candidate."),
    candidates: z.array(candidateSchema).min(1),
    scorers: z.array(scorerSchema).default([]),
    gates: z.array(gateSchema).default([]),
  })
  .strict();
export type SuiteConfig = z.infer<typeof suiteSchema>;

export const priceSchema = z
  .object({
    input_per_mtok: z.number().min(0).describe("USD per million input tokens."),
    output_per_mtok: z.number().min(0).describe("USD per million output tokens."),
    cache_read_per_mtok: z.number().min(0).optional(),
    cache_write_per_mtok: z.number().min(0).optional(),
    training_per_mtok: z.number().min(0).optional().describe("USD per million training tokens (fine-tuning)."),
    hosting_per_hour: z.number().min(0).optional().describe("USD per hour to keep a fine-tuned model deployed."),
    source: z.string().default("tuneops.yaml").describe("Where the price comes from."),
    date: z.string().optional().describe("When it was read (YYYY-MM-DD)."),
  })
  .strict();
export type PriceConfig = z.infer<typeof priceSchema>;

export const projectSchema = z
  .object({
    version: z.literal(1).default(1).describe("Schema version of this file."),
    project: identifier.describe("Project name."),
    description: z.string().optional(),
    datasets: z.record(identifier, datasetSchema).default({}),
    prompts: z.record(identifier, promptSchema).default({}),
    providers: z.record(identifier, providerSchema).default({}),
    retrievers: z.record(identifier, retrieverSchema).default({}),
    evals: z.record(identifier, suiteSchema).default({}).describe("Evaluation suites; each `tuneops eval` run is one suite."),
    prices: z.record(z.string(), priceSchema).default({}).describe("Price overrides by model id."),
    price_imports: z
      .array(
        z
          .object({
            path: z.string().min(1).describe("A price map file, relative to tuneops.yaml (LiteLLM's model_prices_and_context_window.json)."),
            format: z.literal("litellm").default("litellm").describe("The file's format: `litellm`."),
            source: z.string().min(1).optional().describe("Recorded as each imported price's source (default: the file's path)."),
            date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD").optional().describe("Recorded as each imported price's date (default: the file's modification date)."),
          })
          .strict(),
      )
      .default([])
      .describe("Price maps to import; they replace built-in prices of the same model, and `prices` replaces them."),
    use_case: useCaseSchema.optional(),
    arena: arenaConfigSchema.default({}).describe("Pairwise comparisons and ratings (`tuneops arena`, the voting page of `tuneops serve`)."),
    finetune: finetuneSchema.default({ backends: {}, poll_interval_ms: 10_000 }).describe("Fine-tuning backends (see docs/finetune.md)."),
    gateway: gatewaySchema.optional().describe("`tuneops gateway`: targets, routes, keys, cache, guards and logging."),
    defaults: z
      .object({
        concurrency: positiveInt.max(1024).default(8),
        timeout_ms: positiveInt.default(60_000),
        max_retries: z.number().int().min(0).max(20).default(4),
        cache: z.boolean().default(true).describe("Use the response cache."),
        cache_ttl: z
          .string()
          .regex(durationPattern, "a duration such as 12h, 7d or 2w")
          .optional()
          .describe("Age after which a cached response is called again and overwritten (e.g. 7d); default: entries never expire."),
      })
      .strict()
      .default({ concurrency: 8, timeout_ms: 60_000, max_retries: 4, cache: true }),
  })
  .strict();

export type ProjectConfig = z.infer<typeof projectSchema>;
export type ProjectInput = z.input<typeof projectSchema>;
