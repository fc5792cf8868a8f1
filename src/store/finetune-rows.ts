import type { FineTuneHyperparameters, FineTuneMethod, FineTuneState } from "../spec/finetune-backend.js";
import type { FineTuneJobRecord, NewFineTuneJob, NewPromotion, NewRegisteredModel, PromotionRecord, RegisteredModel, RegisteredModelStatus } from "../spec/finetune-store.js";
import type { FineTuneJobsTable, ModelPromotionsTable, ModelsTable } from "./finetune-schema.js";
import { toJsonText } from "./run-row.js";

export function toJobRow(job: NewFineTuneJob): FineTuneJobsTable {
  return {
    id: job.id,
    project: job.project,
    backend: job.backend,
    backend_kind: job.backendKind,
    external_id: null,
    state: "queued",
    backend_status: null,
    base_model: job.baseModel,
    method: job.method,
    training_file: job.trainingFile,
    training_file_hash: job.trainingFileHash,
    validation_file: job.validationFile,
    hyperparameters: toJsonText(job.hyperparameters),
    use_case: job.useCase,
    training_price_per_mtok: job.trainingPricePerMTok,
    fine_tuned_model: null,
    artifacts: "{}",
    trained_tokens: null,
    cost_usd: null,
    error: null,
    last_event_id: null,
    created_at: job.createdAt,
    updated_at: job.createdAt,
    finished_at: null,
  };
}

export function fromJobRow(row: FineTuneJobsTable): FineTuneJobRecord {
  return {
    id: row.id,
    project: row.project,
    backend: row.backend,
    backendKind: row.backend_kind,
    baseModel: row.base_model,
    method: row.method as FineTuneMethod,
    trainingFile: row.training_file,
    trainingFileHash: row.training_file_hash,
    validationFile: row.validation_file,
    hyperparameters: JSON.parse(row.hyperparameters) as FineTuneHyperparameters,
    useCase: row.use_case,
    trainingPricePerMTok: row.training_price_per_mtok,
    createdAt: row.created_at,
    state: row.state as FineTuneState,
    externalId: row.external_id,
    backendStatus: row.backend_status,
    fineTunedModel: row.fine_tuned_model,
    artifacts: JSON.parse(row.artifacts) as Record<string, string>,
    trainedTokens: row.trained_tokens,
    costUsd: row.cost_usd,
    error: row.error === null ? null : (JSON.parse(row.error) as { code: string; message: string }),
    lastEventId: row.last_event_id,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export function toModelRow(model: NewRegisteredModel): ModelsTable {
  return {
    id: model.id,
    target: model.target,
    source: model.source,
    use_case: model.useCase,
    base_model: model.baseModel,
    job_id: model.jobId,
    dataset_hash: model.datasetHash,
    hyperparameters: toJsonText(model.hyperparameters),
    cost_usd: model.costUsd,
    eval_runs: toJsonText(model.evalRuns),
    status: "candidate",
    created_at: model.createdAt,
    updated_at: model.createdAt,
  };
}

export function fromModelRow(row: ModelsTable): RegisteredModel {
  return {
    id: row.id,
    target: row.target,
    source: row.source,
    useCase: row.use_case,
    baseModel: row.base_model,
    jobId: row.job_id,
    datasetHash: row.dataset_hash,
    hyperparameters: JSON.parse(row.hyperparameters) as FineTuneHyperparameters,
    costUsd: row.cost_usd,
    evalRuns: JSON.parse(row.eval_runs) as string[],
    createdAt: row.created_at,
    status: row.status as RegisteredModelStatus,
    updatedAt: row.updated_at,
  };
}

export function toPromotionRow(promotion: NewPromotion): ModelPromotionsTable {
  return {
    id: promotion.id,
    use_case: promotion.useCase,
    action: promotion.action,
    model_id: promotion.modelId,
    previous_model_id: promotion.previousModelId,
    status: promotion.status,
    route: promotion.route,
    canary_percent: promotion.canaryPercent,
    gateway_target: promotion.gatewayTarget,
    gate: toJsonText(promotion.gate),
    created_at: promotion.createdAt,
  };
}

export function fromPromotionRow(row: ModelPromotionsTable): PromotionRecord {
  return {
    id: row.id,
    useCase: row.use_case,
    action: row.action as PromotionRecord["action"],
    modelId: row.model_id,
    previousModelId: row.previous_model_id,
    status: row.status as PromotionRecord["status"],
    route: row.route,
    canaryPercent: row.canary_percent,
    gatewayTarget: row.gateway_target,
    gate: JSON.parse(row.gate) as unknown,
    createdAt: row.created_at,
  };
}
