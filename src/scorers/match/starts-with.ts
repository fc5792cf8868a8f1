import type { ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { preview, scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";

/**
 * `starts-with`: 1 when the output starts with the reference (any of them), else 0. Leading whitespace
 * of the output is ignored: models often open with a newline or a space.
 */
export function createStartsWithScorer(config: ScorerConfigOf<"starts-with">, options: ScorerFactoryOptions): ScorerV1 {
  const ignoreCase = config.ignore_case ?? false;
  const references = createReferenceValues({
    name: options.name,
    templates: config.value === undefined ? undefined : [config.value],
    render: options.render,
    ...(ignoreCase ? { transform: (value: string) => value.toLowerCase() } : {}),
  });
  return {
    ...scorerBase(config, options),
    score(input) {
      const trimmed = input.output.trimStart();
      const output = ignoreCase ? trimmed.toLowerCase() : trimmed;
      const prefixes = references(input);
      for (const prefix of prefixes) if (output.startsWith(prefix)) return { score: 1 };
      return { score: 0, reason: `output ${preview(output, 40)} does not start with ${prefixes.map((value) => preview(value, 40)).join(" or ")}` };
    },
  };
}
