import { TuneopsError } from "../../spec/errors.js";
import { BaselineModel } from "./baseline-model.js";
import { TextClassifier, type LabelProbability } from "./text-classifier.js";
import type { TrainingExamples } from "./training-rows.js";

export interface BaselineClassifierOptions {
  /** Add character n-grams to the word n-grams (default true). */
  charNgrams?: boolean;
  /** SGD passes over the training data (default 6). */
  epochs?: number;
  /** Seeds training, so the same data gives the same model (default 1). */
  seed?: number;
}

/** Answers the label that TF-IDF + logistic regression, trained on the training split, finds most probable. */
export class BaselineClassifierModel extends BaselineModel {
  readonly modelId = "tfidf-logistic-regression";
  private classifier: TextClassifier | undefined;

  constructor(private readonly options: BaselineClassifierOptions = {}) {
    super();
  }

  /** Every label with its probability for this text, most probable first. */
  predict(text: string): LabelProbability[] {
    return this.trained().predict(text);
  }

  /** Labels the model knows, sorted. */
  get labels(): readonly string[] {
    return this.trained().labels;
  }

  protected async fit(examples: TrainingExamples, signal: AbortSignal | undefined): Promise<void> {
    const distinct = new Set(examples.expected);
    if (distinct.size < 2) {
      throw new TuneopsError({
        code: "dataset_invalid",
        message: `The classify baseline needs at least 2 different labels in the training split; it found ${distinct.size}.`,
        location: { field: "dataset.expected" },
        hint: "Check that dataset.expected names the label field and that the training split covers several labels.",
      });
    }
    this.classifier = await TextClassifier.train({
      texts: examples.inputs,
      labels: examples.expected,
      ...this.options,
      ...(signal ? { signal } : {}),
    });
  }

  protected respond(input: string): string {
    return this.trained().classify(input);
  }

  protected release(): void {
    this.classifier = undefined;
  }

  private trained(): TextClassifier {
    if (!this.classifier) throw new TuneopsError({ code: "internal", message: "The classify baseline was used before prepare() trained it." });
    return this.classifier;
  }
}
