import { CompiledQuery } from "kysely";
import type { ResultRecord } from "../spec/result.js";
import type { ResultsTable, StoreDialect } from "./schema.js";
import { toResultRow } from "./result-row.js";

/** The columns of a results row, in insert order. */
export const resultColumns = [
  "run_id",
  "candidate_id",
  "case_index",
  "case_id",
  "repeat",
  "output",
  "finish_reason",
  "scores",
  "pass",
  "score",
  "latency_ms",
  "ttft_ms",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost_usd",
  "cached",
  "error",
  "retrieved",
  "created_at",
  "model_version",
] as const satisfies readonly (keyof ResultsTable)[];

/**
 * The hot write path builds its multi-row INSERT directly: Kysely's query builder spent about half of
 * the insert time building and compiling a 500-row statement (one AST node per value). The SQL text
 * depends only on the row count, which the runner keeps nearly constant, so it is cached.
 */
export function compileResultInsert(dialect: StoreDialect, results: readonly ResultRecord[]): CompiledQuery {
  const parameters: unknown[] = [];
  for (const result of results) {
    const row = toResultRow(result);
    for (const column of resultColumns) parameters.push(row[column]);
  }
  return CompiledQuery.raw(insertText(dialect, results.length), parameters);
}

const cachedTexts = new Map<string, string>();
// Batch sizes repeat (the runner's batch, the chunk size, a final remainder): a few entries suffice.
const maxCachedTexts = 16;

function insertText(dialect: StoreDialect, rowCount: number): string {
  const cacheKey = `${dialect}:${rowCount}`;
  const cached = cachedTexts.get(cacheKey);
  if (cached !== undefined) return cached;
  const tuples: string[] = [];
  let parameter = 0;
  for (let row = 0; row < rowCount; row++) {
    const placeholders: string[] = [];
    for (let column = 0; column < resultColumns.length; column++) placeholders.push(dialect === "postgres" ? `$${++parameter}` : "?");
    tuples.push(`(${placeholders.join(",")})`);
  }
  const columns = resultColumns.map((column) => `"${column}"`).join(",");
  const text = `insert into "results" (${columns}) values ${tuples.join(",")} on conflict do nothing`;
  if (cachedTexts.size >= maxCachedTexts) cachedTexts.clear();
  cachedTexts.set(cacheKey, text);
  return text;
}
