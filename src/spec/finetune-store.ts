import type { FineTuneEvent, FineTuneHyperparameters, FineTuneMethod, FineTuneMetricPoint, FineTuneState } from "./finetune-backend.js";

/**
 * Persistence of fine-tuning jobs and the model registry (the port; the Kysely implementation serves
 * SQLite and PostgreSQL). A job row is the durable state machine: any process can resume polling it by
 * id after the one that started it has exited.
 */
export interface FineTuneStore {
  createJob(job: NewFineTuneJob): Promise<FineTuneJobRecord>;
  getJob(id: string): Promise<FineTuneJobRecord | undefined>;
  /** Newest first. `unfinished`: only jobs not yet in a final state (the ones to resume polling). */
  listJobs(options?: { limit?: number; project?: string; unfinished?: boolean }): Promise<FineTuneJobRecord[]>;
  updateJob(id: string, patch: FineTuneJobPatch): Promise<void>;
  /** Stores events not stored yet (by event id); returns how many were new. */
  appendEvents(jobId: string, events: readonly FineTuneEvent[]): Promise<number>;
  /** Oldest first. */
  listEvents(jobId: string): Promise<FineTuneEvent[]>;
  /** Stores metric points, replacing any stored for the same step. */
  putMetrics(jobId: string, points: readonly FineTuneMetricPoint[]): Promise<void>;
  /** By step. */
  listMetrics(jobId: string): Promise<FineTuneMetricPoint[]>;

  registerModel(model: NewRegisteredModel): Promise<RegisteredModel>;
  getModel(id: string): Promise<RegisteredModel | undefined>;
  /** Newest first. */
  listModels(options?: { useCase?: string; limit?: number }): Promise<RegisteredModel[]>;
  updateModel(id: string, patch: RegisteredModelPatch): Promise<void>;
  /** Records a promotion or rollback and sets the models' statuses it decided, in one transaction. */
  recordPromotion(promotion: NewPromotion, modelStatuses: Readonly<Record<string, RegisteredModelStatus>>): Promise<PromotionRecord>;
  /** Newest first. */
  listPromotions(options?: { useCase?: string; limit?: number }): Promise<PromotionRecord[]>;
}

export interface NewFineTuneJob {
  /** Chosen by the caller (sortable, unique). */
  id: string;
  project: string;
  /** Name of the backend in the project's configuration. */
  backend: string;
  /** The backend's kind (`openai`, `together`, `local`). */
  backendKind: string;
  baseModel: string;
  method: FineTuneMethod;
  trainingFile: string;
  /** sha256 of the training file's bytes, hex. */
  trainingFileHash: string;
  validationFile: string | null;
  hyperparameters: FineTuneHyperparameters;
  /** The evaluation suite the trained model is meant for (registry lineage and promotion gate). */
  useCase: string | null;
  /** USD per million trained tokens, to price the job when the backend reports no cost. */
  trainingPricePerMTok: number | null;
  /** Epoch ms. */
  createdAt: number;
}

export interface FineTuneJobRecord extends NewFineTuneJob {
  state: FineTuneState;
  /** The backend's id for the job; null until it accepted the job. */
  externalId: string | null;
  backendStatus: string | null;
  fineTunedModel: string | null;
  artifacts: Record<string, string>;
  trainedTokens: number | null;
  /** USD. */
  costUsd: number | null;
  error: { code: string; message: string } | null;
  /** Id of the newest backend event stored (polls ask for events after it). */
  lastEventId: string | null;
  /** Epoch ms. */
  updatedAt: number;
  /** Epoch ms. */
  finishedAt: number | null;
}

export type FineTuneJobPatch = Partial<
  Pick<FineTuneJobRecord, "state" | "externalId" | "backendStatus" | "fineTunedModel" | "artifacts" | "trainedTokens" | "costUsd" | "error" | "lastEventId" | "updatedAt" | "finishedAt">
>;

/**
 * Registry statuses: `candidate` (registered, not serving), `canary` (serving a share of a route's
 * traffic), `active` (the incumbent), `retired` (replaced by a promotion), `rolled-back` (withdrawn).
 */
export const registeredModelStatuses = ["candidate", "canary", "active", "retired", "rolled-back"] as const;
export type RegisteredModelStatus = (typeof registeredModelStatuses)[number];

export interface NewRegisteredModel {
  id: string;
  /** The model as callers name it: a hosted model id or a local weights folder. */
  target: string;
  /** Backend kind that produced it (`openai`, `local`), or `external` for a model registered by hand. */
  source: string;
  useCase: string | null;
  baseModel: string;
  /** Lineage. */
  jobId: string | null;
  datasetHash: string | null;
  hyperparameters: FineTuneHyperparameters;
  /** USD the training cost. */
  costUsd: number | null;
  /** Evaluation runs that measured this model. */
  evalRuns: string[];
  /** Epoch ms. */
  createdAt: number;
}

export interface RegisteredModel extends NewRegisteredModel {
  status: RegisteredModelStatus;
  /** Epoch ms. */
  updatedAt: number;
}

export type RegisteredModelPatch = Partial<Pick<RegisteredModel, "status" | "evalRuns" | "updatedAt">>;

export interface NewPromotion {
  id: string;
  useCase: string;
  action: "promote" | "rollback";
  /** The model now serving (promote: the new one; rollback: the one restored). */
  modelId: string;
  /** The model it replaces, if any. */
  previousModelId: string | null;
  /** Status the promoted/restored model takes (`canary` or `active`). */
  status: "canary" | "active";
  /**
   * Gateway route and share of its traffic the model should get. Recorded now, applied to the
   * gateway's route by the gateway integration (null percent: all traffic).
   */
  route: string | null;
  canaryPercent: number | null;
  /**
   * Gateway target (in `gateway.targets`) serving the model on the route; null: the route's first
   * target, with the model id sent upstream replaced by the model's `target` (e.g. an OpenAI `ft:` id).
   */
  gatewayTarget: string | null;
  /** The evaluation gate's evidence (runs, comparison, verdict), JSON-serialisable. */
  gate: unknown;
  /** Epoch ms. */
  createdAt: number;
}

export type PromotionRecord = NewPromotion;
