import type { ScoreInput, ScoreOutcome, ScoreRecord, ScorerV1 } from "../spec/scorer.js";

function failed(scorer: ScorerV1, message: string): ScoreRecord {
  return { name: scorer.name, score: null, pass: false, weight: scorer.weight, error: { code: "scorer_failed", message } };
}

function messageOf(error: unknown): string {
  if (typeof error === "object" && error !== null && "message" in error) return String((error as { message: unknown }).message);
  return String(error);
}

/** Turns a scorer's outcome into the record stored on a result (pass = score >= threshold). */
export function toScoreRecord(scorer: ScorerV1, outcome: ScoreOutcome): ScoreRecord {
  if (typeof outcome !== "object" || outcome === null || typeof outcome.score !== "number" || !Number.isFinite(outcome.score)) {
    const got = typeof outcome === "object" && outcome !== null ? String((outcome as { score?: unknown }).score) : String(outcome);
    return failed(scorer, `scorer "${scorer.name}" returned no finite score (got ${got})`);
  }
  const record: ScoreRecord = { name: scorer.name, score: outcome.score, pass: outcome.score >= scorer.threshold, weight: scorer.weight };
  if (outcome.reason !== undefined) record.reason = outcome.reason;
  if (outcome.stats !== undefined) record.stats = outcome.stats;
  if (outcome.label !== undefined) record.label = outcome.label;
  if (outcome.expectedLabel !== undefined) record.expectedLabel = outcome.expectedLabel;
  if (outcome.samples !== undefined) record.samples = outcome.samples;
  return record;
}

function isPromiseLike(value: unknown): value is PromiseLike<ScoreOutcome> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * Runs one scorer on one output and never throws: a scorer that throws, rejects or returns no finite
 * score becomes a record with `score: null`, `pass: false` and a `scorer_failed` error, so a scorer's
 * failure is recorded as data on the result.
 */
export async function runScorer(scorer: ScorerV1, input: ScoreInput): Promise<ScoreRecord> {
  return runScorerNow(scorer, input);
}

/**
 * `runScorer` without a promise when the scorer answers synchronously (most do): the runner scores
 * thousands of outputs a second and a promise per scorer per case shows in its profile. Never throws.
 */
export function runScorerNow(scorer: ScorerV1, input: ScoreInput): ScoreRecord | Promise<ScoreRecord> {
  try {
    const outcome = scorer.score(input);
    if (isPromiseLike(outcome)) return Promise.resolve(outcome).then((value) => toScoreRecord(scorer, value), (error: unknown) => failed(scorer, messageOf(error)));
    return toScoreRecord(scorer, outcome);
  } catch (error) {
    return failed(scorer, messageOf(error));
  }
}

/** Runs every scorer on one output, in order; never throws (see `runScorer`). */
export async function runScorers(scorers: readonly ScorerV1[], input: ScoreInput): Promise<ScoreRecord[]> {
  const records: ScoreRecord[] = [];
  for (const scorer of scorers) records.push(await runScorer(scorer, input));
  return records;
}
