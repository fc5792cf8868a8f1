import { isTuneopsError } from "../../spec/errors.js";
import type { ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, scorerConfigError, type ScorerFactoryOptions } from "../scorer-options.js";
import { createLabelExtractor, createLabelNormalizer, type LabelExtractor } from "./extract-label.js";

/** The predicted label recorded when the output holds none (no regex match, no JSON field, empty text). */
export const noLabel = "(none)";

/**
 * `classification`: reads a label from the output (`extract`: exact, normalized, regex or json-field)
 * and scores 1 when it equals the case's expected label, else 0. The expected label goes through the
 * same normalisation as the prediction (trimmed only for `exact`), so `Positive` and `positive` agree
 * and both are recorded in the label set's spelling. Several expected values (a list) accept any.
 * Each outcome carries `label` and `expectedLabel`, from which run summaries build the per-class report
 * (see `classificationReport`).
 */
export function createClassificationScorer(config: ScorerConfigOf<"classification">, options: ScorerFactoryOptions): ScorerV1 {
  const extract = config.extract ?? "normalized";
  let extractLabel: LabelExtractor;
  try {
    extractLabel = createLabelExtractor({ extract, pattern: config.pattern, field: config.field, labels: config.labels });
  } catch (error) {
    if (!isTuneopsError(error)) throw error;
    const field = error.location?.field;
    throw scorerConfigError(options, {
      ...(field === undefined ? {} : { field }),
      message: error.message,
      hint: extract === "regex" ? "The label is the pattern's first capture group; write `/pattern/i` to ignore case." : "Write the label's path with dots, e.g. `result.label` or `choices.0`.",
      cause: error,
    });
  }
  const canonical = extract === "exact" ? (text: string) => text.trim() : createLabelNormalizer(config.labels);
  const references = createReferenceValues({ name: options.name, templates: config.value === undefined ? undefined : [config.value], render: options.render, transform: canonical });
  return {
    ...scorerBase(config, options),
    ...(config.labels === undefined ? {} : { labels: [...config.labels] }),
    score(input) {
      const expected = references(input);
      const predicted = extractLabel(input.output);
      const label = predicted ?? noLabel;
      const matched = predicted === null ? undefined : expected.find((value) => value === predicted);
      const expectedLabel = matched ?? (expected[0] as string);
      const wanted = expected.length === 1 ? JSON.stringify(expectedLabel) : `one of ${expected.map((value) => JSON.stringify(value)).join(", ")}`;
      const reason = matched === undefined ? `predicted ${predicted === null ? "no label" : JSON.stringify(label)}, expected ${wanted}` : `predicted ${JSON.stringify(label)}, as expected`;
      return { score: matched === undefined ? 0 : 1, reason, label, expectedLabel };
    },
  };
}
