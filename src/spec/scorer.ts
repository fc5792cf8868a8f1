import type { ErrorData } from "./errors.js";
import type { Usage } from "./usage.js";

/**
 * The scorer contract, version 1. A scorer turns one output into a score; the runner compares the score
 * with the scorer's threshold and records a scorer's failure as data on the result.
 */
export interface ScorerV1 {
  readonly specificationVersion: "v1";
  /** Unique within a suite; the metric name in reports. */
  readonly name: string;
  /** Scorer type, e.g. `contains`. */
  readonly type: string;
  /** The case passes this scorer when `score >= threshold`. */
  readonly threshold: number;
  /** Weight of this scorer in the case's weighted score. */
  readonly weight: number;
  score(input: ScoreInput): ScoreOutcome | Promise<ScoreOutcome>;
}

export interface ScoreInput {
  output: string;
  /** The case's reference value (the dataset's expected field), if any. */
  expected: unknown;
  /** All fields of the case. */
  vars: Readonly<Record<string, unknown>>;
  caseId: string;
  candidateId: string;
  /** Wall-clock latency of the call, ms. */
  latencyMs?: number;
  usage?: Usage;
}

export interface ScoreOutcome {
  /** Usually in [0, 1]; metrics with their own scale say so in their docs. */
  score: number;
  /** Why, in words (shown in reports). */
  reason?: string;
}

/** A score as stored on a result. */
export interface ScoreRecord {
  name: string;
  /** Null when the scorer itself failed (see `error`). */
  score: number | null;
  pass: boolean;
  weight: number;
  reason?: string;
  error?: ErrorData;
}
