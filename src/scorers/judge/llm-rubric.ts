import type { ScoreInput, ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import { isLiteralTemplate } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, scorerConfigError, scorerFailure, type ScorerFactoryOptions } from "../scorer-options.js";
import { formatCase } from "./format-case.js";
import { mean, sampleKey, samplesNote } from "./judge-aggregate.js";
import { callJudgeSamples, createJudgeSource, sampleSettings } from "./judge-call.js";
import { rubricPrompt, rubricVerdictSchema } from "./judge-prompts.js";
import { rubricFromText, rubricVerdict } from "./judge-verdicts.js";

/** Default threshold: the upper half of the scale passes (3 of 1..5). */
const defaultThreshold = 0.5;

/**
 * Grades the output against a rubric on an integer scale (`rubric@1`). The score is
 * (grade - min) / (max - min), averaged over K samples; the reason is the judge's reason, the grade and
 * the prompt's id. The rubric is a template: `{{ field }}` takes the case's fields, `expected` and `output`.
 */
export function createLlmRubricScorer(config: ScorerConfigOf<"llm-rubric">, options: ScorerFactoryOptions): ScorerV1 {
  const { min, max } = config.scale;
  if (max <= min) {
    throw scorerConfigError(options, { field: "scale", message: `scale.max (${max}) must be greater than scale.min (${min})`, hint: "For example `scale: { min: 1, max: 5 }`." });
  }
  const source = createJudgeSource(config, options);
  const schema = rubricVerdictSchema(config.scale);
  const literalRubric = isLiteralTemplate(config.rubric);
  const rubricFor = (input: ScoreInput): string =>
    literalRubric ? config.rubric : options.render(config.rubric, { ...input.vars, expected: input.expected, output: input.output });

  return {
    ...scorerBase({ ...config, threshold: config.threshold ?? defaultThreshold }, options),
    async score(input): Promise<ScoreOutcome> {
      const judge = await source.judge();
      const verdicts = await callJudgeSamples({
        judge,
        scorerName: options.name,
        prompt: rubricPrompt,
        values: { case: formatCase(input.given ?? input.vars), output: input.output, rubric: rubricFor(input), min: String(min), max: String(max) },
        verdict: rubricVerdict,
        fromText: rubricFromText,
        schema,
        samples: sampleSettings(source.samples, sampleKey(input)),
      });
      const scores = verdicts.map((verdict) => {
        if (verdict.grade < min || verdict.grade > max) {
          throw scorerFailure(options.name, `the judge gave grade ${verdict.grade}, outside the scale ${min}..${max} (prompt ${rubricPrompt.id})`);
        }
        return (verdict.grade - min) / (max - min);
      });
      const first = verdicts[0];
      const grades = verdicts.length === 1 ? `grade ${first?.grade}/${max}` : `mean grade ${Number((min + mean(scores) * (max - min)).toFixed(2))}/${max}`;
      const outcome: ScoreOutcome = {
        score: mean(scores),
        reason: `${grades}: ${first?.reason ?? ""}${samplesNote(scores)} [${rubricPrompt.id}]`,
      };
      if (scores.length > 1) outcome.samples = scores;
      return outcome;
    },
  };
}
