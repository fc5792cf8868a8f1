import type { ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";
import { formatCase } from "./format-case.js";
import { majority, sampleKey, samplesNote } from "./judge-aggregate.js";
import { callJudgeSamples, createJudgeSource, sampleSettings } from "./judge-call.js";
import { factualityPrompt, type FactualityChoice } from "./judge-prompts.js";
import { factualityFromText, factualityVerdict } from "./judge-verdicts.js";

/**
 * What each factuality category scores: only a disagreement (D) fails. A subset (A) passes too: the
 * question is whether the output says anything false, not whether it says everything (use a rubric or
 * F1 for completeness).
 */
export const factualityScores: Readonly<Record<FactualityChoice, number>> = { A: 1, B: 1, C: 1, D: 0, E: 1 };

export const factualityMeanings: Readonly<Record<FactualityChoice, string>> = {
  A: "subset of the reference, consistent",
  B: "superset of the reference, consistent",
  C: "same facts as the reference",
  D: "disagrees with the reference",
  E: "differs, but not in facts that matter",
};

/** Among equally frequent categories the one with the lower score wins: an undecided judge does not pass a case. */
function lowerScoreFirst(left: FactualityChoice, right: FactualityChoice): number {
  return factualityScores[left] - factualityScores[right] || left.localeCompare(right);
}

function referenceText(references: readonly string[]): string {
  if (references.length === 1) return references[0] ?? "";
  return ["Any of these is correct:", ...references.map((reference) => `- ${reference}`)].join("\n");
}

/**
 * Closed-question factuality of the output against the reference (`factuality@1`, after the categories
 * of OpenAI evals' fact template). Categorical: the label is the category most samples chose, the score
 * is that category's score (D: 0, others 1); `samples` holds each sample's score.
 */
export function createFactualityScorer(config: ScorerConfigOf<"factuality">, options: ScorerFactoryOptions): ScorerV1 {
  const source = createJudgeSource(config, options);
  const references = createReferenceValues({ name: options.name, templates: config.value === undefined ? undefined : [config.value], render: options.render });

  return {
    ...scorerBase(config, options),
    async score(input): Promise<ScoreOutcome> {
      const referenceList = references(input);
      const judge = await source.judge();
      const verdicts = await callJudgeSamples({
        judge,
        scorerName: options.name,
        prompt: factualityPrompt,
        values: { case: formatCase(input.given ?? input.vars, referenceList), reference: referenceText(referenceList), output: input.output },
        verdict: factualityVerdict,
        fromText: factualityFromText,
        samples: sampleSettings(source.samples, sampleKey(input)),
      });
      const choices = verdicts.map((verdict) => verdict.choice);
      const label = majority(choices, lowerScoreFirst);
      const scores = choices.map((choice) => factualityScores[choice]);
      const explained = verdicts.find((verdict) => verdict.choice === label)?.reason ?? "";
      const outcome: ScoreOutcome = {
        score: factualityScores[label],
        label,
        reason: `${label} (${factualityMeanings[label]}): ${explained}${samplesNote(scores)} [${factualityPrompt.id}]`,
      };
      if (scores.length > 1) outcome.samples = scores;
      return outcome;
    },
  };
}
