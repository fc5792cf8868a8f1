import type { ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import { createReferenceValues } from "../reference-values.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { preview, scorerBase, type ScorerFactoryOptions } from "../scorer-options.js";
import { squadNormalizeDetail } from "./squad-normalize.js";

/**
 * SQuAD exact match and token F1 as the official evaluation scripts compute them: v1.1
 * (`evaluate-v1.1.py`) and v2.0 (`evaluate-v2.0.py`, where unanswerable questions have an empty answer).
 */
export type SquadVersion = "v1" | "v2";

/** The scripts' `normalize_answer`: lowercase, drop ASCII punctuation, drop articles, collapse whitespace. */
export function squadNormalize(text: string, _version: SquadVersion = "v1"): string {
  // Both versions normalise identically (v2.0 only adds re.UNICODE, already Python 3's default).
  return squadNormalizeDetail(text).text;
}

/** v2.0 drops gold answers that normalise to nothing; with none left the only gold answer is "". */
function effectiveGolds(golds: readonly string[], version: SquadVersion): readonly string[] {
  if (version === "v1") return golds;
  const kept = golds.filter((gold) => squadNormalize(gold, version) !== "");
  return kept.length === 0 ? [""] : kept;
}

/** Tokens shared by both sides, each counted at most as often as on either side (Counter `&`). */
function commonTokens(predictionTokens: readonly string[], goldTokens: readonly string[]): number {
  if (goldTokens.length <= 32) {
    // Few gold tokens: direct comparison, one bit per gold token already matched (no Map to build).
    let used = 0;
    let same = 0;
    for (const token of predictionTokens) {
      for (let index = 0; index < goldTokens.length; index++) {
        if ((used & (1 << index)) === 0 && goldTokens[index] === token) {
          used |= 1 << index;
          same += 1;
          break;
        }
      }
    }
    return same;
  }
  const counts = new Map<string, number>();
  for (const token of goldTokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  let same = 0;
  for (const token of predictionTokens) {
    const left = counts.get(token);
    if (left !== undefined && left > 0) {
      same += 1;
      counts.set(token, left - 1);
    }
  }
  return same;
}

function tokenF1(predictionTokens: readonly string[], goldTokens: readonly string[], version: SquadVersion): number {
  if (version === "v2" && (predictionTokens.length === 0 || goldTokens.length === 0)) {
    // v2.0: a no-answer prediction scores 1 against a no-answer gold and 0 against anything else.
    return predictionTokens.length === goldTokens.length ? 1 : 0;
  }
  // The same text normalises to the same (cached) token list: F1 = 2·1·1 / (1 + 1) = 1.
  if (predictionTokens === goldTokens && goldTokens.length > 0) return 1;
  return f1OfCounts(commonTokens(predictionTokens, goldTokens), predictionTokens.length, goldTokens.length);
}

/** Token F1 from the number of shared tokens and the two token counts (0 when nothing is shared). */
function f1OfCounts(same: number, predictionCount: number, goldCount: number): number {
  if (same === 0) return 0;
  const precision = same / predictionCount;
  const recall = same / goldCount;
  return (2 * precision * recall) / (precision + recall);
}

export interface SquadMatch {
  score: number;
  /** The normalised prediction. */
  prediction: string;
  /** The normalised gold answer that scored best. */
  gold: string;
}

/** Exact match with the best of several gold answers (1 or 0), with the normalised strings compared. */
export function squadExactMatchDetail(prediction: string, golds: readonly string[], version: SquadVersion = "v1"): SquadMatch {
  const normalizedPrediction = squadNormalizeDetail(prediction).text;
  const kept = effectiveGolds(golds, version);
  let shown = "";
  for (let index = 0; index < kept.length; index++) {
    const normalizedGold = squadNormalizeDetail(kept[index] as string).text;
    if (normalizedGold === normalizedPrediction) return { score: 1, prediction: normalizedPrediction, gold: normalizedGold };
    if (index === 0) shown = normalizedGold;
  }
  return { score: 0, prediction: normalizedPrediction, gold: shown };
}

/** Token F1 with the best of several gold answers, with the normalised strings compared. */
export function squadF1Detail(prediction: string, golds: readonly string[], version: SquadVersion = "v1"): SquadMatch {
  const normalizedPrediction = squadNormalizeDetail(prediction);
  const kept = effectiveGolds(golds, version);
  let best: SquadMatch | undefined;
  for (let index = 0; index < kept.length; index++) {
    const normalizedGold = squadNormalizeDetail(kept[index] as string);
    const score = tokenF1(normalizedPrediction.tokens, normalizedGold.tokens, version);
    if (best === undefined || score > best.score) best = { score, prediction: normalizedPrediction.text, gold: normalizedGold.text };
  }
  return best ?? { score: 0, prediction: normalizedPrediction.text, gold: "" };
}

/** `metric_max_over_ground_truths(exact_match_score, ...)`: 1 when the prediction matches any gold answer. */
export function squadExactMatch(prediction: string, golds: readonly string[], version: SquadVersion = "v1"): number {
  return squadExactMatchDetail(prediction, golds, version).score;
}

/** `metric_max_over_ground_truths(f1_score, ...)`: the best token F1 over the gold answers, in [0, 1]. */
export function squadF1(prediction: string, golds: readonly string[], version: SquadVersion = "v1"): number {
  return squadF1Detail(prediction, golds, version).score;
}

function describe(match: SquadMatch): string {
  return `normalised output ${preview(match.prediction, 60)} vs reference ${preview(match.gold, 60)}`;
}

/** The `exact-match` scorer's outcome from a match: reasons explain failures (a pass needs none, and storing one per case costs space and time). */
export function exactMatchOutcome(match: SquadMatch): ScoreOutcome {
  return match.score >= 1 ? { score: match.score } : { score: match.score, reason: describe(match) };
}

/** The `f1` scorer's outcome from a match. */
export function f1Outcome(match: SquadMatch, threshold: number): ScoreOutcome {
  return match.score >= threshold ? { score: match.score } : { score: match.score, reason: `F1 ${match.score.toFixed(3)}: ${describe(match)}` };
}

/** `exact-match`: SQuAD exact match against the reference(s); threshold 1 by default. */
export function createExactMatchScorer(config: ScorerConfigOf<"exact-match">, options: ScorerFactoryOptions): ScorerV1 {
  const version = config.squad_version ?? "v1";
  const references = createReferenceValues({ name: options.name, templates: config.value === undefined ? undefined : [config.value], render: options.render });
  return {
    ...scorerBase(config, options),
    score(input): ScoreOutcome {
      const golds = references(input);
      return exactMatchOutcome(squadExactMatchDetail(input.output, golds, version));
    },
  };
}

/** `f1`: SQuAD token F1 against the reference(s), in [0, 1]; threshold 0.5 by default. */
export function createSquadF1Scorer(config: ScorerConfigOf<"f1">, options: ScorerFactoryOptions): ScorerV1 {
  const version = config.squad_version ?? "v1";
  const references = createReferenceValues({ name: options.name, templates: config.value === undefined ? undefined : [config.value], render: options.render });
  const threshold = config.threshold ?? 0.5;
  return {
    ...scorerBase({ ...config, threshold }, options),
    score(input): ScoreOutcome {
      const golds = references(input);
      return f1Outcome(squadF1Detail(input.output, golds, version), threshold);
    },
  };
}
