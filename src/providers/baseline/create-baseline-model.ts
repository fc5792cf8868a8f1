import { BaselineAnswerModel } from "./baseline-answer-model.js";
import { BaselineClassifierModel, type BaselineClassifierOptions } from "./baseline-classifier-model.js";

export type BaselineTask = "classify" | "answer";

export type BaselineModelOptions = ({ task: "classify" } & BaselineClassifierOptions) | { task: "answer" };

/**
 * A classical no-LLM baseline: `classify` (TF-IDF + logistic regression over labels) or `answer` (the
 * answer of the nearest training question by BM25). Call `prepare()` with the training split first.
 */
export function createBaselineModel(options: { task: "classify" } & BaselineClassifierOptions): BaselineClassifierModel;
export function createBaselineModel(options: { task: "answer" }): BaselineAnswerModel;
export function createBaselineModel(options: BaselineModelOptions): BaselineClassifierModel | BaselineAnswerModel;
export function createBaselineModel(options: BaselineModelOptions): BaselineClassifierModel | BaselineAnswerModel {
  if (options.task === "answer") return new BaselineAnswerModel();
  const { task: _task, ...classifierOptions } = options;
  return new BaselineClassifierModel(classifierOptions);
}
