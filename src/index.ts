// The library surface: `import { ... } from "tuneops"`.
export * from "./spec/index.js";
export { runEvaluation, resumeEvaluation, type EvaluationOutcome, type RunEvaluationOptions } from "./eval/run-evaluation.js";
export type { EvaluationResources, ModelHandle, Pricing } from "./eval/model-handle.js";
export type { EvalEvent, EvalEventSink } from "./eval/events.js";
export { loadProject } from "./config/load-project.js";
export { projectSchema, type ProjectConfig } from "./config/project-schema.js";
export { createLanguageModel } from "./providers/create-language-model.js";
export { openStore } from "./store/open-store.js";
export * from "./report/index.js";
export { decide, type DecideInput, type DecisionReport, type DecisionOptionReport } from "./decide/index.js";
export { loadPriceTable, importLiteLlmPrices, estimateFineTune, defaultEpochs, monthlyCost, resolveTcoAssumptions, type PriceTable } from "./cost/index.js";
export { tokenCounterFor, type TokenCounterChoice } from "./finetune/tokens/index.js";
export { renderDecisionHtml, renderDecisionSection } from "./report/render-decision-html.js";
export { renderDecisionText } from "./report/render-decision-text.js";
export { judgeBattles, judgeQuality, rateBattles, readBattlesFile, type ArenaRatings, type JudgeQuality, type ModelRating } from "./arena/index.js";
export { arenaStoreOf } from "./store/arena-store.js";
export * from "./finetune/index.js";
