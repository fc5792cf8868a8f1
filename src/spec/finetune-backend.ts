/**
 * Fine-tuning backend contract, version 1. A backend trains a base model on a training file and reports
 * the job in normalised states; hosted APIs (OpenAI, Together) and the local trainer implement it.
 * Shared code asks `capabilities`, never a backend's name.
 */

/** Normalised job states. `queued` and `validating` come before any training; the last three are final. */
export const fineTuneStates = ["queued", "validating", "running", "succeeded", "failed", "cancelled"] as const;
export type FineTuneState = (typeof fineTuneStates)[number];

export const finalFineTuneStates: ReadonlySet<FineTuneState> = new Set(["succeeded", "failed", "cancelled"]);

export function isFinalFineTuneState(state: FineTuneState): boolean {
  return finalFineTuneStates.has(state);
}

/** `supervised`: chat examples (OpenAI chat format). `preference`: preference pairs (DPO). */
export type FineTuneMethod = "supervised" | "preference";

export interface FineTuneBackendCapabilities {
  methods: readonly FineTuneMethod[];
  /** Hyperparameters the backend honours (keys of `FineTuneHyperparameters`); others are warned about. */
  hyperparameters: readonly (keyof FineTuneHyperparameters)[];
  /** Whether a running job can be cancelled. */
  cancel: boolean;
  /** Whether per-step training metrics are available while the job runs. */
  liveMetrics: boolean;
  /** Whether intermediate checkpoints are listed. */
  checkpoints: boolean;
  /** Where the trained model ends up: a hosted model id, or weights on this host's disk. */
  output: "hosted-model" | "local-weights";
  /** Whether the backend reports the job's price itself (else cost comes from a price per training token). */
  reportsCost: boolean;
}

export interface FineTuneHyperparameters {
  epochs?: number;
  batchSize?: number;
  /** Absolute learning rate (local trainer, Together). */
  learningRate?: number;
  /** Multiplier of the provider's default learning rate (OpenAI). */
  learningRateMultiplier?: number;
  loraRank?: number;
  loraAlpha?: number;
  /** DPO's beta (preference method). */
  beta?: number;
}

export interface FineTuneSubmitRequest {
  baseModel: string;
  method: FineTuneMethod;
  /** Path of the training file (JSONL in the method's OpenAI format). */
  trainingFile: string;
  validationFile?: string;
  hyperparameters: FineTuneHyperparameters;
  /** Added to the fine-tuned model's name. */
  suffix?: string;
  seed?: number;
  /** tuneops' own job id, for backends that keep files per job (the local trainer). */
  jobId: string;
}

/** A job as the backend sees it now. */
export interface FineTuneJobSnapshot {
  /** The backend's id for the job (`ftjob-...`, `ft-...`, a local run folder). */
  externalId: string;
  state: FineTuneState;
  /** The backend's own status word, kept for display and debugging. */
  backendStatus: string;
  /** The trained model: a hosted model id, or the folder of merged weights; null until succeeded. */
  fineTunedModel: string | null;
  /** Other outputs by name (e.g. `adapter`, `merged`, `metrics`), as ids or paths. */
  artifacts: Record<string, string>;
  /** Tokens trained on (billed tokens for hosted backends), when known. */
  trainedTokens: number | null;
  /** Price the backend reports for the job, USD; null when it reports none. */
  costUsd: number | null;
  /** Why the job failed, when it did. */
  error: { code: string; message: string } | null;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms, when the job reached a final state. */
  finishedAt: number | null;
}

export interface FineTuneEvent {
  /** Unique within the job; events are returned oldest first. */
  id: string;
  /** Epoch ms. */
  createdAt: number;
  level: "info" | "warn" | "error";
  message: string;
}

/** Training metrics at one step (loss, accuracy, learning rate...), by the backend's metric names. */
export interface FineTuneMetricPoint {
  step: number;
  epoch?: number;
  values: Record<string, number>;
}

export interface FineTuneCheckpoint {
  id: string;
  step: number;
  /** The checkpoint as a model: a hosted model id or a folder. */
  model: string;
  metrics: Record<string, number>;
  /** Epoch ms. */
  createdAt: number;
}

export interface FineTuneBackendV1 {
  readonly specificationVersion: "v1";
  /** The backend kind, e.g. `openai`, `together`, `local`. */
  readonly kind: string;
  readonly capabilities: FineTuneBackendCapabilities;
  /** Uploads the files and starts the job. */
  /**
   * Checks a request before the job is recorded (a local base model's folder, the trainer's script) and
   * returns it as `submit` should get it (paths made absolute); throws `input_invalid` or
   * `config_invalid` naming what to fix. Backends that check nothing up front leave it out.
   */
  check?<T extends Pick<FineTuneSubmitRequest, "baseModel">>(request: T): Promise<T>;
  submit(request: FineTuneSubmitRequest, options?: { signal?: AbortSignal }): Promise<FineTuneJobSnapshot>;
  retrieve(externalId: string, options?: { signal?: AbortSignal }): Promise<FineTuneJobSnapshot>;
  /** Jobs the backend knows of, newest first. */
  list(options?: { limit?: number; signal?: AbortSignal }): Promise<FineTuneJobSnapshot[]>;
  /** Asks the backend to stop the job; returns the job as it stands after the request. */
  cancel(externalId: string, options?: { signal?: AbortSignal }): Promise<FineTuneJobSnapshot>;
  /** Events oldest first; `after` is the id of the last event already seen. */
  events(externalId: string, options?: { after?: string; signal?: AbortSignal }): Promise<FineTuneEvent[]>;
  /** Per-step metrics so far (live where `capabilities.liveMetrics`, else once the job is done). */
  metrics(externalId: string, options?: { signal?: AbortSignal }): Promise<FineTuneMetricPoint[]>;
  /** Checkpoints, oldest first (empty where `capabilities.checkpoints` is false). */
  checkpoints(externalId: string, options?: { signal?: AbortSignal }): Promise<FineTuneCheckpoint[]>;
  close(): Promise<void>;
}
