import type { z } from "zod";
import { TuneopsError } from "../../../spec/errors.js";
import type { FineTuneBackendV1, FineTuneEvent, FineTuneJobSnapshot, FineTuneMetricPoint, FineTuneState, FineTuneSubmitRequest } from "../../../spec/finetune-backend.js";
import { BackendHttpClient } from "../backend-http-client.js";
import {
  togetherCheckpointListSchema,
  togetherEventListSchema,
  togetherFileSchema,
  togetherJobListSchema,
  togetherJobSchema,
  togetherTime,
  type TogetherJob,
} from "./together-finetune-api.js";

export interface TogetherFineTuneBackendOptions {
  apiKey: string;
  /** Default `https://api.together.xyz/v1`. */
  baseUrl?: string;
  apiKeyEnv?: string;
  timeoutMs?: number;
}

const states: Record<string, FineTuneState> = {
  pending: "queued",
  queued: "queued",
  running: "running",
  compressing: "running",
  uploading: "running",
  cancel_requested: "running",
  cancelled: "cancelled",
  error: "failed",
  user_error: "failed",
  completed: "succeeded",
};
const nanodollarsPerDollar = 1e9;

/** Together's fine-tuning API: LoRA SFT and DPO jobs on hosted open models. */
export function createTogetherFineTuneBackend(options: TogetherFineTuneBackendOptions): FineTuneBackendV1 {
  const http = new BackendHttpClient({
    baseUrl: options.baseUrl ?? "https://api.together.xyz/v1",
    apiKey: options.apiKey,
    name: "Together fine-tuning",
    apiKeyEnv: options.apiKeyEnv ?? "TOGETHER_API_KEY",
    timeoutMs: options.timeoutMs ?? 300_000,
  });
  const parse = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    throw new TuneopsError({ code: "provider_bad_response", message: `Together fine-tuning sent ${what} in an unexpected shape: ${result.error.issues[0]?.message ?? "invalid"}`, isRetryable: true });
  };
  const upload = async (file: string, signal?: AbortSignal): Promise<string> =>
    parse(togetherFileSchema, await http.postFile({ path: "/files/upload", file, fields: { purpose: "fine-tune", file_name: file.split("/").at(-1) ?? "train.jsonl" }, ...(signal ? { signal } : {}) }), "a file").id;
  const jobPath = (id: string): string => `/fine-tunes/${encodeURIComponent(id)}`;
  const allEvents = async (id: string, signal?: AbortSignal) => {
    const events = parse(togetherEventListSchema, await http.getJson(`${jobPath(id)}/events`, undefined, signal), "events").data ?? [];
    // Events carry no id: their hash when given, else their position (the list only grows).
    return events
      .map((event, index) => ({ event, id: event.hash || `event-${index + 1}`, createdAt: togetherTime(event.created_at) ?? 0 }))
      .sort((a, b) => a.createdAt - b.createdAt);
  };

  return {
    specificationVersion: "v1",
    kind: "together",
    capabilities: {
      methods: ["supervised", "preference"],
      hyperparameters: ["epochs", "batchSize", "learningRate", "loraRank", "loraAlpha", "beta"],
      cancel: true,
      liveMetrics: false,
      checkpoints: true,
      output: "hosted-model",
      reportsCost: true,
    },
    async submit(request, call = {}) {
      const trainingFile = await upload(request.trainingFile, call.signal);
      const validationFile = request.validationFile === undefined ? undefined : await upload(request.validationFile, call.signal);
      return toSnapshot(parse(togetherJobSchema, await http.postJson("/fine-tunes", createJobBody(request, trainingFile, validationFile), call.signal), "a job"));
    },
    async retrieve(id, call = {}) {
      return toSnapshot(parse(togetherJobSchema, await http.getJson(jobPath(id), undefined, call.signal), "a job"));
    },
    async list(call = {}) {
      const jobs = parse(togetherJobListSchema, await http.getJson("/fine-tunes", undefined, call.signal), "a job list").data.map(toSnapshot);
      return jobs.sort((a, b) => b.createdAt - a.createdAt).slice(0, call.limit ?? 20);
    },
    async cancel(id, call = {}) {
      return toSnapshot(parse(togetherJobSchema, await http.postJson(`${jobPath(id)}/cancel`, undefined, call.signal), "a job"));
    },
    async events(id, call = {}): Promise<FineTuneEvent[]> {
      const events = (await allEvents(id, call.signal)).map(({ event, id: eventId, createdAt }) => ({
        id: eventId,
        createdAt,
        level: event.level?.includes("error") ? ("error" as const) : event.level?.includes("warn") ? ("warn" as const) : ("info" as const),
        message: event.message ?? event.type ?? "",
      }));
      if (call.after === undefined) return events;
      return events.slice(events.findIndex((event) => event.id === call.after) + 1);
    },
    async metrics(id, call = {}): Promise<FineTuneMetricPoint[]> {
      // Together reports training figures on some events (step with loss/epoch); most live in W&B.
      const points: FineTuneMetricPoint[] = [];
      for (const { event } of await allEvents(id, call.signal)) {
        if (typeof event.step !== "number" || typeof event.loss !== "number") continue;
        points.push({ step: event.step, ...(typeof event.epoch === "number" ? { epoch: event.epoch } : {}), values: { loss: event.loss } });
      }
      return points;
    },
    async checkpoints(id, call = {}) {
      const list = parse(togetherCheckpointListSchema, await http.getJson(`${jobPath(id)}/checkpoints`, undefined, call.signal), "checkpoints").data ?? [];
      return list.map((checkpoint, index) => ({ id: checkpoint.name, step: index + 1, model: checkpoint.name, metrics: {}, createdAt: togetherTime(checkpoint.timestamp) ?? 0 }));
    },
    async close() {},
  };
}

function createJobBody(request: FineTuneSubmitRequest, trainingFile: string, validationFile: string | undefined): Record<string, unknown> {
  const h = request.hyperparameters;
  const body: Record<string, unknown> = {
    model: request.baseModel,
    training_file: trainingFile,
    training_type: { type: "Lora", lora_r: h.loraRank ?? 8, lora_alpha: h.loraAlpha ?? 16 },
    training_method: request.method === "preference" ? { method: "dpo", ...(h.beta === undefined ? {} : { dpo_beta: h.beta }) } : { method: "sft", train_on_inputs: "auto" },
  };
  if (validationFile !== undefined) body.validation_file = validationFile;
  if (h.epochs !== undefined) body.n_epochs = h.epochs;
  if (h.batchSize !== undefined) body.batch_size = h.batchSize;
  if (h.learningRate !== undefined) body.learning_rate = h.learningRate;
  if (request.suffix !== undefined) body.suffix = request.suffix;
  if (request.seed !== undefined) body.random_seed = request.seed;
  return body;
}

function toSnapshot(job: TogetherJob): FineTuneJobSnapshot {
  const state = states[job.status] ?? "running";
  const final = state === "succeeded" || state === "failed" || state === "cancelled";
  return {
    externalId: job.id,
    state,
    backendStatus: job.status,
    fineTunedModel: state === "succeeded" ? (job.output_name ?? null) : null,
    artifacts: job.output_name ? { output_name: job.output_name } : {},
    trainedTokens: job.token_count ?? null,
    costUsd: typeof job.total_price === "number" ? job.total_price / nanodollarsPerDollar : null,
    error: state === "failed" ? { code: job.status, message: "Together reported the job failed (see its events)" } : null,
    createdAt: togetherTime(job.created_at) ?? 0,
    finishedAt: final ? togetherTime(job.updated_at) : null,
  };
}
