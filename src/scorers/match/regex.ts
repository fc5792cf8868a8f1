import type { ScorerV1 } from "../../spec/scorer.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { preview, scorerBase, scorerConfigError, type ScorerFactoryOptions } from "../scorer-options.js";

/** `regex`: 1 when the pattern matches somewhere in the output, else 0. Compiled once, at creation. */
export function createRegexScorer(config: ScorerConfigOf<"regex">, options: ScorerFactoryOptions): ScorerV1 {
  let pattern: RegExp;
  try {
    pattern = new RegExp(config.pattern, config.flags ?? "");
  } catch (error) {
    throw scorerConfigError(options, {
      field: "pattern",
      message: `invalid regular expression /${config.pattern}/${config.flags ?? ""}: ${error instanceof Error ? error.message : String(error)}`,
      hint: "Patterns use JavaScript RegExp syntax; in YAML, quote the pattern with single quotes so backslashes stay as written.",
      cause: error,
    });
  }
  // With the g or y flag, test() resumes from lastIndex; reset it so every case starts at 0.
  const stateful = pattern.global || pattern.sticky;
  return {
    ...scorerBase(config, options),
    score(input) {
      if (stateful) pattern.lastIndex = 0;
      if (pattern.test(input.output)) return { score: 1 };
      return { score: 0, reason: `no match for /${config.pattern}/${pattern.flags} in ${preview(input.output, 60)}` };
    },
  };
}
