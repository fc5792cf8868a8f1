import type { ScorerV1 } from "../../spec/scorer.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";

/**
 * Parses text as strict JSON (`JSON.parse`: surrounding whitespace is fine; Markdown fences, comments
 * and trailing commas are not). Returns the value, or the parser's message.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** `is-json`: 1 when the whole output is strict JSON (any JSON value), else 0. */
export function createIsJsonScorer(config: ScorerConfigOf<"is-json">, options: ScorerFactoryOptions): ScorerV1 {
  return {
    ...scorerBase(config, options),
    score(input) {
      const parsed = parseJson(input.output);
      return parsed.ok ? { score: 1 } : { score: 0, reason: `not valid JSON: ${parsed.message}` };
    },
  };
}
