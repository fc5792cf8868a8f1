import type { ErrorData } from "./errors.js";
import type { EmbeddingModelV1, GenerateRequest, GenerateResult, LanguageModelV1 } from "./language-model.js";
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
  /**
   * For corpus-level metrics (corpus BLEU, chrF): combines the per-case sufficient statistics that
   * `score` returned in `stats` into the corpus score, on the metric's own scale (BLEU: 0-100). Summaries
   * report it as such, never as a mean of sentence scores.
   */
  corpus?(stats: readonly (readonly number[])[]): number;
  /**
   * `corpus` of statistics already summed element-wise (every corpus metric here is a function of the
   * summed statistics). Summaries call it a thousand times per bootstrap, so it should allocate nothing;
   * without it they call `corpus` with the sum as a single row.
   */
  corpusOfSum?(summed: ArrayLike<number>): number;
  /** What the corpus score is called in reports, e.g. `bleu (corpus)`; with `corpus`. */
  readonly corpusName?: string;
  /**
   * For classification scorers configured with a label set: the classes of the run's classification
   * report, in this order. Without it the classes are the expected labels seen. Predictions outside the
   * classes are counted in an `(other)` column, as wrong.
   */
  readonly labels?: readonly string[];
}

export interface ScoreInput {
  output: string;
  /** The case's reference value (the dataset's expected field), if any. */
  expected: unknown;
  /** All fields of the case. */
  vars: Readonly<Record<string, unknown>>;
  /**
   * The case fields the candidate's prompt read: what the candidate was given. Judges show these as the
   * case, never the other fields (a replay candidate's recorded answers, the reference). Absent outside
   * a run (`tuneops score`): judges then show every field.
   */
  given?: Readonly<Record<string, unknown>>;
  caseId: string;
  candidateId: string;
  /** Wall-clock latency of the call, ms. */
  latencyMs?: number;
  usage?: Usage;
}

export interface ScoreOutcome {
  /** In [0, 1] (BLEU and chrF are stored divided by 100; `tuneops score` prints their own scale). */
  score: number;
  /** Why, in words (shown in reports). */
  reason?: string;
  /** Sufficient statistics for `corpus` (e.g. BLEU's n-gram matches and totals, lengths). */
  stats?: number[];
  /** Classification: the label extracted from the output (or a safety class, e.g. `toxic`). */
  label?: string;
  /** Classification: the reference label. */
  expectedLabel?: string;
  /** Judges sampled K times: each sample's score, for self-consistency. */
  samples?: number[];
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
  stats?: number[];
  label?: string;
  expectedLabel?: string;
  samples?: number[];
}

/**
 * Models a scorer may call (LLM judges, embeddings), resolved by the composition root from the
 * project's `providers` by name. Judge calls go through the runner's retry and timeout policy.
 */
export interface ScorerModels {
  judge(providerName: string): Promise<JudgeModel>;
  embedder(providerName: string): Promise<EmbeddingModelV1>;
  /** A moderation endpoint (OpenAI-compatible `/moderations`). */
  moderator(providerName: string): Promise<ModerationModelV1>;
}

/** A moderation classifier, version 1 (OpenAI's `/v1/moderations` shape). */
export interface ModerationModelV1 {
  readonly specificationVersion: "v1";
  readonly provider: string;
  readonly modelId: string;
  moderate(request: { input: string; abortSignal?: AbortSignal }): Promise<ModerationResult>;
  close?(): Promise<void>;
}

export interface ModerationResult {
  flagged: boolean;
  /** Category name to score in [0, 1], e.g. `harassment`, `hate`, `violence`. */
  categoryScores: Record<string, number>;
}

export interface JudgeModel {
  readonly model: LanguageModelV1;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}
