export { createBaselineModel, type BaselineModelOptions, type BaselineTask } from "./create-baseline-model.js";
export { BaselineClassifierModel, type BaselineClassifierOptions } from "./baseline-classifier-model.js";
export { BaselineAnswerModel } from "./baseline-answer-model.js";
export { TextClassifier, type LabelProbability, type TextClassifierTrainingOptions } from "./text-classifier.js";
export { FaqAnswerer, type FaqMatch } from "./faq-answerer.js";
