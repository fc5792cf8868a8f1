import type { ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { preview, scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";

/**
 * `equals`: 1 when the output equals the reference (any of them, when the expected value is a list),
 * else 0. `trim` (default true) ignores surrounding whitespace; `ignore_case` compares lower-cased.
 */
export function createEqualsScorer(config: ScorerConfigOf<"equals">, options: ScorerFactoryOptions): ScorerV1 {
  const trim = config.trim ?? true;
  const ignoreCase = config.ignore_case ?? false;
  const normalise = (text: string): string => {
    const trimmed = trim ? text.trim() : text;
    return ignoreCase ? trimmed.toLowerCase() : trimmed;
  };
  const references = createReferenceValues({
    name: options.name,
    templates: config.value === undefined ? undefined : [config.value],
    render: options.render,
    transform: normalise,
  });
  return {
    ...scorerBase(config, options),
    score(input) {
      const output = normalise(input.output);
      const accepted = references(input);
      if (accepted.includes(output)) return { score: 1 };
      const wanted = accepted.length === 1 ? preview(accepted[0] as string) : `one of ${accepted.map((value) => preview(value, 40)).join(", ")}`;
      return { score: 0, reason: `expected ${wanted}, got ${preview(output)}` };
    },
  };
}
