import type { ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { preview, scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";

/**
 * `contains` and `icontains` (case-insensitive): with mode `any` (default) 1 when the output contains
 * at least one of the values, else 0; with mode `all` the fraction of the values it contains, so the
 * default threshold of 1 asks for every value and a lower threshold accepts partial coverage.
 */
export function createContainsScorer(config: ScorerConfigOf<"contains"> | ScorerConfigOf<"icontains">, options: ScorerFactoryOptions): ScorerV1 {
  const ignoreCase = config.type === "icontains";
  const mode = config.mode ?? "any";
  const templates = config.values ?? (config.value === undefined ? undefined : [config.value]);
  const references = createReferenceValues({
    name: options.name,
    templates,
    render: options.render,
    ...(ignoreCase ? { transform: (value: string) => value.toLowerCase() } : {}),
  });
  return {
    ...scorerBase(config, options),
    score(input) {
      const output = ignoreCase ? input.output.toLowerCase() : input.output;
      const values = references(input);
      if (mode === "any") {
        for (const value of values) if (output.includes(value)) return { score: 1 };
        return { score: 0, reason: `output contains none of ${values.map((value) => preview(value, 40)).join(", ")}` };
      }
      const missing = values.filter((value) => !output.includes(value));
      const score = (values.length - missing.length) / values.length;
      return missing.length === 0 ? { score } : { score, reason: `missing ${missing.map((value) => preview(value, 40)).join(", ")}` };
    },
  };
}
