import { TuneopsError } from "../../spec/errors.js";
import { isFinalFineTuneState, type FineTuneBackendV1, type FineTuneEvent, type FineTuneMetricPoint } from "../../spec/finetune-backend.js";
import type { FineTuneJobRecord, FineTuneStore, RegisteredModel } from "../../spec/finetune-store.js";
import { jobCostUsd, nextJobState } from "./fine-tune-job-state.js";

export interface SyncFineTuneJobOptions {
  store: FineTuneStore;
  backend: FineTuneBackendV1;
  jobId: string;
  now: () => number;
  /** USD per GPU hour, to price a local job from its training time. */
  gpuHourUsd?: number;
  signal?: AbortSignal;
}

export interface SyncOutcome {
  job: FineTuneJobRecord;
  /** Events stored by this poll, oldest first. */
  newEvents: FineTuneEvent[];
  /** The registry entry created when the job succeeded (once). */
  registered?: RegisteredModel;
  /** The training metrics as the backend reported them at this poll (every step so far), oldest first. */
  metrics: FineTuneMetricPoint[];
}

/** The model id a job's output is registered under. */
export function modelIdOfJob(jobId: string): string {
  return `model-${jobId}`;
}

/**
 * One poll: asks the backend for the job, its new events and metrics, and persists them; prices the
 * job; registers the trained model when the job succeeds. Safe to call from any process at any time
 * (everything it writes is keyed, so a repeated poll adds nothing twice). A job already final is
 * returned as stored.
 */
export async function syncFineTuneJob(options: SyncFineTuneJobOptions): Promise<SyncOutcome> {
  const { store, backend } = options;
  const job = await store.getJob(options.jobId);
  if (!job) throw new TuneopsError({ code: "not_found", message: `no fine-tuning job with id ${options.jobId}`, hint: "List jobs with `tuneops finetune list`." });
  if (isFinalFineTuneState(job.state)) return { job, newEvents: [], metrics: [] };
  if (job.externalId === null) {
    // The process that created the record died before the backend accepted the job.
    const now = options.now();
    const error = { code: "submission_incomplete", message: "the job was recorded but never accepted by the backend (the submitting process stopped)" };
    await store.updateJob(job.id, { state: "failed", error, updatedAt: now, finishedAt: now });
    return { job: (await store.getJob(job.id))!, newEvents: [], metrics: [] };
  }
  const call = options.signal ? { signal: options.signal } : {};
  const snapshot = await backend.retrieve(job.externalId, call);
  const events = await backend.events(job.externalId, { ...call, ...(job.lastEventId === null ? {} : { after: job.lastEventId }) });
  const state = nextJobState(job.state, snapshot.state);
  const now = options.now();
  const transition: FineTuneEvent[] = state === job.state ? [] : [{ id: `tuneops-${state}-${now}`, createdAt: now, level: state === "failed" ? "error" : "info", message: `state ${job.state} -> ${state} (${snapshot.backendStatus})` }];
  const newEvents = [...events, ...transition];
  await store.appendEvents(job.id, newEvents);
  let trainSeconds: number | null = null;
  let metrics: FineTuneMetricPoint[] = [];
  if (backend.capabilities.liveMetrics || isFinalFineTuneState(state)) {
    metrics = await backend.metrics(job.externalId, call);
    await store.putMetrics(job.id, metrics);
    trainSeconds = metrics.findLast((point) => point.values.train_runtime !== undefined)?.values.train_runtime ?? null;
  }
  const costUsd = jobCostUsd({ snapshot, pricePerMTok: job.trainingPricePerMTok, gpuHourUsd: options.gpuHourUsd ?? null, trainSeconds });
  await store.updateJob(job.id, {
    state,
    backendStatus: snapshot.backendStatus,
    fineTunedModel: snapshot.fineTunedModel,
    artifacts: snapshot.artifacts,
    trainedTokens: snapshot.trainedTokens,
    costUsd,
    error: snapshot.error,
    updatedAt: now,
    finishedAt: isFinalFineTuneState(state) ? (snapshot.finishedAt ?? now) : null,
    ...(events.length > 0 ? { lastEventId: events.at(-1)!.id } : {}),
  });
  const updated = (await store.getJob(job.id))!;
  const registered = state === "succeeded" ? await registerTrainedModel(store, updated, now) : undefined;
  return { job: updated, newEvents, metrics, ...(registered ? { registered } : {}) };
}

async function registerTrainedModel(store: FineTuneStore, job: FineTuneJobRecord, now: number): Promise<RegisteredModel | undefined> {
  if (job.fineTunedModel === null) return undefined;
  const id = modelIdOfJob(job.id);
  if (await store.getModel(id)) return undefined;
  return store.registerModel({
    id,
    target: job.fineTunedModel,
    source: job.backendKind,
    useCase: job.useCase,
    baseModel: job.baseModel,
    jobId: job.id,
    datasetHash: job.trainingFileHash,
    hyperparameters: job.hyperparameters,
    costUsd: job.costUsd,
    evalRuns: [],
    createdAt: now,
  });
}
