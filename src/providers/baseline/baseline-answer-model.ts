import { TuneopsError } from "../../spec/errors.js";
import { BaselineModel } from "./baseline-model.js";
import { FaqAnswerer, type FaqMatch } from "./faq-answerer.js";
import type { TrainingExamples } from "./training-rows.js";

/**
 * FAQ answering without a model: the answer of the most similar training question (BM25). An input that
 * shares no word with any known question gets an empty answer rather than a guess.
 */
export class BaselineAnswerModel extends BaselineModel {
  readonly modelId = "bm25-nearest-question";
  private answerer: FaqAnswerer | undefined;

  /** The closest training question and its answer, or undefined when none shares a term. */
  match(text: string): FaqMatch | undefined {
    if (!this.answerer) throw new TuneopsError({ code: "internal", message: "The answer baseline was used before prepare() indexed it." });
    return this.answerer.match(text);
  }

  protected async fit(examples: TrainingExamples): Promise<void> {
    this.answerer = new FaqAnswerer(examples.inputs.map((question, index) => ({ question, answer: examples.expected[index] ?? "" })));
  }

  protected respond(input: string): string {
    return this.match(input)?.answer ?? "";
  }

  protected release(): void {
    this.answerer = undefined;
  }
}
