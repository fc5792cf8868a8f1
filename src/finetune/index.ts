// Fine-tuning: training data, backends, durable jobs and the registry (contracts live in src/spec).
export { validateTrainingData, type ValidateTrainingDataOptions } from "./data/validate-training-data.js";
export type { TrainingDataReport, TokenReport, LeakageReport } from "./data/training-data-report.js";
export { convertTrainingData, type ConvertTrainingDataOptions, type ConversionResult } from "./data/convert-training-data.js";
export { trainingFormats, detectTrainingFormat, type TrainingFormat } from "./data/training-format.js";
export { trainingIssueCodes, type TrainingIssue, type TrainingIssueCode } from "./data/training-issue.js";
export { createOpenaiFineTuneBackend, type OpenaiFineTuneBackendOptions } from "./backends/openai/openai-finetune-backend.js";
export { createTogetherFineTuneBackend, type TogetherFineTuneBackendOptions } from "./backends/together/together-finetune-backend.js";
export { createLocalTrainerBackend, type LocalTrainerBackendOptions } from "./backends/local/local-trainer-backend.js";
export { startFineTuneJob, type StartFineTuneJobOptions } from "./jobs/start-fine-tune-job.js";
export { syncFineTuneJob, type SyncFineTuneJobOptions, type SyncOutcome } from "./jobs/sync-fine-tune-job.js";
export { followFineTuneJob, type FollowFineTuneJobOptions } from "./jobs/follow-fine-tune-job.js";
export { evaluatePromotionGate, type PromotionGateOptions, type PromotionGateResult, type GateRequirement } from "./registry/promotion-gate.js";
export { promoteModel, rollbackUseCase, type PromoteModelOptions, type PromotionOutcome } from "./registry/promote-model.js";
