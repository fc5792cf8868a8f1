import type { z } from "zod";
import { TuneopsError } from "../../../spec/errors.js";
import type {
  FineTuneBackendV1,
  FineTuneCheckpoint,
  FineTuneEvent,
  FineTuneJobSnapshot,
  FineTuneMetricPoint,
  FineTuneState,
  FineTuneSubmitRequest,
} from "../../../spec/finetune-backend.js";
import { BackendHttpClient } from "../backend-http-client.js";
import { parseMetricsCsv } from "../metrics-csv.js";
import {
  openaiCheckpointListSchema,
  openaiEventListSchema,
  openaiFileSchema,
  openaiJobListSchema,
  openaiJobSchema,
  openaiMetricsEventDataSchema,
  type OpenaiJob,
} from "./openai-finetune-api.js";

export interface OpenaiFineTuneBackendOptions {
  apiKey: string;
  /** Default `https://api.openai.com/v1`. */
  baseUrl?: string;
  apiKeyEnv?: string;
  timeoutMs?: number;
}

/** Jobs per page of OpenAI's job list (its maximum). */
const listPageSize = 100;

const states: Record<string, FineTuneState> = {
  validating_files: "validating",
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
};

/** OpenAI's fine-tuning API: files upload, jobs create/retrieve/list/cancel, events, checkpoints, result metrics. */
export function createOpenaiFineTuneBackend(options: OpenaiFineTuneBackendOptions): FineTuneBackendV1 {
  const http = new BackendHttpClient({
    baseUrl: options.baseUrl ?? "https://api.openai.com/v1",
    apiKey: options.apiKey,
    name: "OpenAI fine-tuning",
    apiKeyEnv: options.apiKeyEnv ?? "OPENAI_API_KEY",
    timeoutMs: options.timeoutMs ?? 300_000,
  });
  const parse = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    throw new TuneopsError({ code: "provider_bad_response", message: `OpenAI fine-tuning sent ${what} in an unexpected shape: ${result.error.issues[0]?.message ?? "invalid"}`, isRetryable: true });
  };
  const upload = async (file: string, signal?: AbortSignal): Promise<string> =>
    parse(openaiFileSchema, await http.postFile({ path: "/files", file, fields: { purpose: "fine-tune" }, ...(signal ? { signal } : {}) }), "a file").id;
  const jobPath = (id: string): string => `/fine_tuning/jobs/${encodeURIComponent(id)}`;
  const retrieveJob = async (id: string, signal?: AbortSignal): Promise<OpenaiJob> => parse(openaiJobSchema, await http.getJson(jobPath(id), undefined, signal), "a job");

  /** Every event newer than `after` (OpenAI lists newest first, paged by `after` = an older id). */
  const newerEvents = async (id: string, after: string | undefined, signal?: AbortSignal) => {
    const collected: z.infer<typeof openaiEventListSchema>["data"] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = parse(openaiEventListSchema, await http.getJson(`${jobPath(id)}/events`, { limit: 100, after: cursor }, signal), "events");
      for (const event of page.data) {
        if (event.id === after) return collected.reverse();
        collected.push(event);
      }
      const last = page.data.at(-1);
      if (!page.has_more || last === undefined) return collected.reverse();
      cursor = last.id;
    }
  };

  return {
    specificationVersion: "v1",
    kind: "openai",
    capabilities: {
      methods: ["supervised", "preference"],
      hyperparameters: ["epochs", "batchSize", "learningRateMultiplier", "beta"],
      cancel: true,
      liveMetrics: true,
      checkpoints: true,
      output: "hosted-model",
      reportsCost: false,
    },
    async submit(request, call = {}) {
      const trainingFile = await upload(request.trainingFile, call.signal);
      const validationFile = request.validationFile === undefined ? undefined : await upload(request.validationFile, call.signal);
      const body = createJobBody(request, trainingFile, validationFile);
      return toSnapshot(parse(openaiJobSchema, await http.postJson("/fine_tuning/jobs", body, call.signal), "a job"));
    },
    async retrieve(id, call = {}) {
      return toSnapshot(await retrieveJob(id, call.signal));
    },
    async list(call = {}) {
      // Newest first, up to `limit` jobs, following OpenAI's pages (at most 100 jobs each).
      const wanted = call.limit ?? 20;
      const jobs: FineTuneJobSnapshot[] = [];
      let after: string | undefined;
      while (jobs.length < wanted) {
        const query = { limit: Math.min(listPageSize, wanted - jobs.length), after };
        const page = parse(openaiJobListSchema, await http.getJson("/fine_tuning/jobs", query, call.signal), "a job list");
        for (const job of page.data) jobs.push(toSnapshot(job));
        const last = page.data.at(-1);
        if (!page.has_more || last === undefined) break;
        after = last.id;
      }
      return jobs.slice(0, wanted);
    },
    async cancel(id, call = {}) {
      return toSnapshot(parse(openaiJobSchema, await http.postJson(`${jobPath(id)}/cancel`, undefined, call.signal), "a job"));
    },
    async events(id, call = {}): Promise<FineTuneEvent[]> {
      const events = await newerEvents(id, call.after, call.signal);
      return events.map((event) => ({ id: event.id, createdAt: event.created_at * 1000, level: event.level === "error" ? "error" : event.level === "warn" ? "warn" : "info", message: event.message }));
    },
    async metrics(id, call = {}): Promise<FineTuneMetricPoint[]> {
      const job = await retrieveJob(id, call.signal);
      const resultFile = job.result_files?.[0];
      if (resultFile !== undefined) return parseMetricsCsv(await http.getText(`/files/${encodeURIComponent(resultFile)}/content`, call.signal));
      // While the job runs, per-step figures arrive as `metrics` events.
      const points: FineTuneMetricPoint[] = [];
      for (const event of await newerEvents(id, undefined, call.signal)) {
        if (event.type !== "metrics") continue;
        const data = openaiMetricsEventDataSchema.safeParse(event.data);
        if (!data.success) continue;
        const values: Record<string, number> = {};
        for (const [key, value] of Object.entries(data.data)) if (key !== "step" && typeof value === "number") values[key] = value;
        points.push({ step: data.data.step, values });
      }
      return points;
    },
    async checkpoints(id, call = {}): Promise<FineTuneCheckpoint[]> {
      const page = parse(openaiCheckpointListSchema, await http.getJson(`${jobPath(id)}/checkpoints`, { limit: 100 }, call.signal), "checkpoints");
      return page.data
        .map((checkpoint) => ({
          id: checkpoint.id,
          step: checkpoint.step_number,
          model: checkpoint.fine_tuned_model_checkpoint,
          metrics: Object.fromEntries(Object.entries(checkpoint.metrics ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === "number")),
          createdAt: checkpoint.created_at * 1000,
        }))
        .sort((a, b) => a.step - b.step);
    },
    async close() {},
  };
}

function createJobBody(request: FineTuneSubmitRequest, trainingFile: string, validationFile: string | undefined): Record<string, unknown> {
  const h = request.hyperparameters;
  const hyperparameters: Record<string, number> = {};
  if (h.epochs !== undefined) hyperparameters.n_epochs = h.epochs;
  if (h.batchSize !== undefined) hyperparameters.batch_size = h.batchSize;
  if (h.learningRateMultiplier !== undefined) hyperparameters.learning_rate_multiplier = h.learningRateMultiplier;
  if (request.method === "preference" && h.beta !== undefined) hyperparameters.beta = h.beta;
  const type = request.method === "preference" ? "dpo" : "supervised";
  const body: Record<string, unknown> = { model: request.baseModel, training_file: trainingFile, method: { type, [type]: { hyperparameters } } };
  if (validationFile !== undefined) body.validation_file = validationFile;
  if (request.suffix !== undefined) body.suffix = request.suffix;
  if (request.seed !== undefined) body.seed = request.seed;
  return body;
}

function toSnapshot(job: OpenaiJob): FineTuneJobSnapshot {
  const artifacts: Record<string, string> = {};
  job.result_files?.forEach((file, index) => (artifacts[index === 0 ? "result_file" : `result_file_${index + 1}`] = file));
  return {
    externalId: job.id,
    // A status this version does not know yet is reported as running: never final by mistake.
    state: states[job.status] ?? "running",
    backendStatus: job.status,
    fineTunedModel: job.fine_tuned_model ?? null,
    artifacts,
    trainedTokens: job.trained_tokens ?? null,
    costUsd: null,
    error: job.error && (job.error.message || job.error.code) ? { code: job.error.code ?? "failed", message: job.error.message ?? "" } : null,
    createdAt: job.created_at * 1000,
    finishedAt: job.finished_at ? job.finished_at * 1000 : null,
  };
}
