export { createLlmRubricScorer } from "./llm-rubric.js";
export { createFactualityScorer, factualityMeanings, factualityScores } from "./factuality.js";
export { combineOrders, createPairwiseScorer, pairwiseLabel, pairwiseScores, type PairwiseOutcome } from "./pairwise.js";
export { createPoliticalLeanScorer, politicalLeanValues } from "./political-lean.js";
export {
  callJudge,
  callJudgeSamples,
  createJudgeSource,
  judgeMaxOutputTokens,
  judgeSampleCount,
  sampleSettings,
  samplingTemperature,
  verdictMode,
  type JudgeCallOptions,
  type JudgeSample,
  type JudgeSource,
  type VerdictMode,
} from "./judge-call.js";
export {
  factualityPrompt,
  fillPrompt,
  judgePrompts,
  pairwisePrompt,
  politicalLeanLabels,
  politicalLeanPrompt,
  politicalLeanScale,
  rubricPrompt,
  rubricVerdictSchema,
  toolModeSuffix,
  verdictToolName,
  type FactualityChoice,
  type JudgePrompt,
  type PairwiseWinner,
  type PoliticalLeanLabel,
} from "./judge-prompts.js";
export { judgePromptsMarkdown } from "./judge-prompts-markdown.js";
export { findJsonObjects, parseVerdict, type VerdictParse } from "./parse-verdict.js";
export { formatCase } from "./format-case.js";
