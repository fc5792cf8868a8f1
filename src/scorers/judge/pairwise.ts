import type { ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";
import { formatCase } from "./format-case.js";
import { mean, sampleKey, samplesNote } from "./judge-aggregate.js";
import { callJudge, createJudgeSource, sampleSettings, type JudgeCallOptions } from "./judge-call.js";
import { pairwisePrompt, type PairwiseWinner } from "./judge-prompts.js";
import { pairwiseFromText, pairwiseVerdict, type PairwiseVerdict } from "./judge-verdicts.js";

export type PairwiseOutcome = "win" | "tie" | "loss";

export const pairwiseScores: Readonly<Record<PairwiseOutcome, number>> = { win: 1, tie: 0.5, loss: 0 };

/** Default threshold: a tie with the reference passes (the output is at least as good). */
const defaultThreshold = 0.5;

/** The output's outcome from one verdict, given which position the output had. */
function outcomeOf(winner: PairwiseWinner, outputPosition: "A" | "B"): PairwiseOutcome {
  if (winner === "tie") return "tie";
  return winner === outputPosition ? "win" : "loss";
}

/**
 * Both orders of one pair combined: the verdict stands only when both orders agree; any disagreement
 * (the judge followed the position, not the answers) is a tie, as in MT-Bench's position-swap rule.
 */
export function combineOrders(outputFirst: PairwiseOutcome, referenceFirst: PairwiseOutcome): { outcome: PairwiseOutcome; description: string } {
  if (outputFirst === referenceFirst) {
    const description = outputFirst === "tie" ? "a tie in both orders" : `the ${outputFirst === "win" ? "output" : "reference"} won in both orders`;
    return { outcome: outputFirst, description };
  }
  const name = (outcome: PairwiseOutcome): string => (outcome === "win" ? "the output won" : outcome === "loss" ? "the reference won" : "a tie");
  return { outcome: "tie", description: `the orders disagree (output shown first: ${name(outputFirst)}; reference shown first: ${name(referenceFirst)}), counted as a tie` };
}

/** The outcome most samples gave; when no outcome leads alone (e.g. one win, one loss), a tie. */
export function pairwiseLabel(outcomes: readonly PairwiseOutcome[]): PairwiseOutcome {
  let wins = 0;
  let losses = 0;
  let ties = 0;
  for (const outcome of outcomes) {
    if (outcome === "win") wins += 1;
    else if (outcome === "loss") losses += 1;
    else ties += 1;
  }
  if (wins > losses && wins > ties) return "win";
  if (losses > wins && losses > ties) return "loss";
  return "tie";
}

/**
 * Pairwise preference of the output over the reference answer (`pairwise@1`). Each sample judges the
 * pair in both orders (output first, then reference first) to cancel position bias; score win 1, tie
 * 0.5, loss 0, averaged over K samples; the label is the most frequent outcome. With several references
 * the output is compared with the first.
 */
export function createPairwiseScorer(config: ScorerConfigOf<"pairwise">, options: ScorerFactoryOptions): ScorerV1 {
  const source = createJudgeSource(config, options);
  const references = createReferenceValues({ name: options.name, templates: config.value === undefined ? undefined : [config.value], render: options.render });

  return {
    ...scorerBase({ ...config, threshold: config.threshold ?? defaultThreshold }, options),
    async score(input): Promise<ScoreOutcome> {
      const referenceList = references(input);
      const reference = referenceList[0] ?? "";
      const judge = await source.judge();
      const caseText = formatCase(input.given ?? input.vars, referenceList);
      const common: Omit<JudgeCallOptions<PairwiseVerdict>, "values" | "sample"> = {
        judge,
        scorerName: options.name,
        prompt: pairwisePrompt,
        verdict: pairwiseVerdict,
        fromText: pairwiseFromText,
      };
      const results = await Promise.all(
        sampleSettings(source.samples, sampleKey(input)).map(async (sample) => {
          const [outputFirst, referenceFirst] = await Promise.all([
            callJudge({ ...common, sample, values: { case: caseText, first: input.output, second: reference } }),
            callJudge({ ...common, sample, values: { case: caseText, first: reference, second: input.output } }),
          ]);
          return { ...combineOrders(outcomeOf(outputFirst.winner, "A"), outcomeOf(referenceFirst.winner, "B")), reasons: [outputFirst.reason, referenceFirst.reason] };
        }),
      );
      const outcomes = results.map((result) => result.outcome);
      const label = pairwiseLabel(outcomes);
      const scores = outcomes.map((outcome) => pairwiseScores[outcome]);
      const shown = results.find((result) => result.outcome === label) ?? results[0];
      const judgeReason = shown?.reasons.find((reason) => reason !== "") ?? "";
      const outcome: ScoreOutcome = {
        score: mean(scores),
        label,
        reason: `${label}: ${shown?.description ?? ""}${judgeReason === "" ? "" : `; ${judgeReason}`}${samplesNote(scores)} [${pairwisePrompt.id}]`,
      };
      if (scores.length > 1) outcome.samples = scores;
      return outcome;
    },
  };
}
