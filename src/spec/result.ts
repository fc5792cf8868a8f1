import type { ErrorData } from "./errors.js";
import type { FinishReason } from "./language-model.js";
import type { ScoreRecord } from "./scorer.js";

/** A passage retrieved for a case before prompting (RAG), stored with the result. */
export interface RetrievedPassage {
  /** Where it came from: a file path, or a SQL row index. */
  source: string;
  text: string;
  /** Retrieval score (BM25), when there is one. */
  score?: number;
}

/** One evaluated (candidate, case, repeat) of a run. */
export interface ResultRecord {
  runId: string;
  candidateId: string;
  /** Position of the case in the dataset, 0-based; with candidate and repeat, the identity of a result. */
  caseIndex: number;
  /** The case's own id (a dataset field) or its index as text. */
  caseId: string;
  /** 0-based repeat number. */
  repeat: number;
  output: string | null;
  finishReason: FinishReason | null;
  scores: ScoreRecord[];
  /** True when every scorer passed; null when the call failed. */
  pass: boolean | null;
  /** Weighted mean of the scores; null when the call failed. */
  score: number | null;
  /** Wall-clock time from request to last byte, ms. */
  latencyMs: number | null;
  /** Time to first token when streaming, ms. */
  ttftMs: number | null;
  /** Normalised usage (input includes cache reads/writes; output includes reasoning), tokens. */
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  /** Cost of the call in USD; null when the model has no price entry. */
  costUsd: number | null;
  /** Served from the response cache. */
  cached: boolean;
  error: ErrorData | null;
  retrieved: RetrievedPassage[] | null;
  /** Epoch ms. */
  createdAt: number;
  /**
   * The model version the upstream reported for this answer (`system_fingerprint`, a dated model id);
   * for a cached answer, the version that produced it. Absent when the upstream reports none.
   */
  modelVersion?: string;
}

/** The identity of a result within a run, for resume and deduplication. */
export function resultKey(candidateId: string, caseIndex: number, repeat: number): string {
  return `${candidateId}\u0000${caseIndex}\u0000${repeat}`;
}
