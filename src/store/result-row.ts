import type { ErrorData } from "../spec/errors.js";
import type { FinishReason } from "../spec/language-model.js";
import type { ResultRecord, RetrievedPassage } from "../spec/result.js";
import type { ScoreRecord } from "../spec/scorer.js";
import type { ResultsTable } from "./schema.js";

/** A result as a row: compact JSON (JSON.stringify drops undefined fields), 0/1 flags, nulls for absent values. */
export function toResultRow(result: ResultRecord): ResultsTable {
  return {
    run_id: result.runId,
    candidate_id: result.candidateId,
    case_index: result.caseIndex,
    case_id: result.caseId,
    repeat: result.repeat,
    output: result.output,
    finish_reason: result.finishReason,
    scores: JSON.stringify(result.scores),
    pass: result.pass === null ? null : result.pass ? 1 : 0,
    score: result.score,
    latency_ms: result.latencyMs,
    ttft_ms: result.ttftMs,
    input_tokens: result.inputTokens,
    output_tokens: result.outputTokens,
    cache_read_tokens: result.cacheReadTokens,
    cache_write_tokens: result.cacheWriteTokens,
    reasoning_tokens: result.reasoningTokens,
    cost_usd: result.costUsd,
    cached: result.cached ? 1 : 0,
    error: result.error === null ? null : JSON.stringify(result.error),
    retrieved: result.retrieved === null ? null : JSON.stringify(result.retrieved),
    created_at: result.createdAt,
  };
}

// JSON columns are written only by toResultRow from typed records, so they are parsed back without a
// second validation on this hot read path.
export function fromResultRow(row: ResultsTable): ResultRecord {
  return {
    runId: row.run_id,
    candidateId: row.candidate_id,
    caseIndex: row.case_index,
    caseId: row.case_id,
    repeat: row.repeat,
    output: row.output,
    finishReason: row.finish_reason as FinishReason | null,
    scores: JSON.parse(row.scores) as ScoreRecord[],
    pass: row.pass === null ? null : row.pass !== 0,
    score: row.score,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    reasoningTokens: row.reasoning_tokens,
    costUsd: row.cost_usd,
    cached: row.cached !== 0,
    error: row.error === null ? null : (JSON.parse(row.error) as ErrorData),
    retrieved: row.retrieved === null ? null : (JSON.parse(row.retrieved) as RetrievedPassage[]),
    createdAt: row.created_at,
  };
}
