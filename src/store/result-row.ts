import type { ErrorData } from "../spec/errors.js";
import type { FinishReason } from "../spec/language-model.js";
import type { ResultRecord, RetrievedPassage } from "../spec/result.js";
import type { ScoreRecord } from "../spec/scorer.js";
import type { ResultsTable } from "./schema.js";

/**
 * A score as stored: a record with nothing beyond its name, score, pass and weight (most of them: a
 * passing reference metric) is the tuple `[name, score, pass 0/1, weight]`, about a third of the bytes of
 * the object, and one whose only extra is its corpus statistics (BLEU, chrF) is the same tuple with the
 * statistics fifth; a record with more (a reason, labels, samples, an error) is the object itself.
 * Rows written before the tuple forms hold objects only, which read back unchanged.
 */
type StoredScore =
  | ScoreRecord
  | [name: string, score: number | null, pass: 0 | 1, weight: number]
  | [name: string, score: number | null, pass: 0 | 1, weight: number, stats: number[]];

// Score names recur on every row: each is quoted once.
const quotedNames = new Map<string, string>();
function quotedName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    quoted = JSON.stringify(name);
    if (quotedNames.size >= 1024) quotedNames.clear();
    quotedNames.set(name, quoted);
  }
  return quoted;
}

/** A number as JSON writes it (`String` gives the same text for finite numbers; JSON has no NaN). */
function jsonNumber(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "null" : String(value);
}

/**
 * The stored form as text. The tuples are written directly rather than built as arrays for
 * JSON.stringify: every result writes one per scorer, and the arrays were most of the encoding time.
 */
function encodeScores(scores: readonly ScoreRecord[]): string {
  let text = "[";
  for (let index = 0; index < scores.length; index++) {
    const score = scores[index] as ScoreRecord;
    if (index > 0) text += ",";
    const plain =
      score.reason === undefined &&
      score.error === undefined &&
      score.label === undefined &&
      score.expectedLabel === undefined &&
      score.samples === undefined;
    if (!plain) {
      text += JSON.stringify(score);
      continue;
    }
    text += `[${quotedName(score.name)},${jsonNumber(score.score)},${score.pass ? 1 : 0},${jsonNumber(score.weight)}`;
    text += score.stats === undefined ? "]" : `,${JSON.stringify(score.stats)}]`;
  }
  return `${text}]`;
}

function decodeScores(text: string): ScoreRecord[] {
  const stored = JSON.parse(text) as StoredScore[];
  const scores = stored as unknown as ScoreRecord[];
  for (let index = 0; index < stored.length; index++) {
    const entry = stored[index] as StoredScore;
    if (!Array.isArray(entry)) continue;
    scores[index] =
      entry.length === 4
        ? { name: entry[0], score: entry[1], pass: entry[2] === 1, weight: entry[3] }
        : { name: entry[0], score: entry[1], pass: entry[2] === 1, weight: entry[3], stats: entry[4] };
  }
  return scores;
}

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
    scores: encodeScores(result.scores),
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
    model_version: result.modelVersion ?? null,
  };
}

// JSON columns are written only by toResultRow from typed records, so they are parsed back without a
// second validation on this hot read path.
export function fromResultRow(row: ResultsTable): ResultRecord {
  const result: ResultRecord = {
    runId: row.run_id,
    candidateId: row.candidate_id,
    caseIndex: row.case_index,
    caseId: row.case_id,
    repeat: row.repeat,
    output: row.output,
    finishReason: row.finish_reason as FinishReason | null,
    scores: decodeScores(row.scores),
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
  if (row.model_version !== null && row.model_version !== undefined) result.modelVersion = row.model_version;
  return result;
}
