import type { RunRecord, Store } from "../spec/store.js";
import { fieldText, isFailedResult, scorerVerdicts, type ScorerVerdict } from "./run-failures.js";
import { readRunCases, runCaseView } from "./run-cases.js";

/** One result of a run as `runs show --cases` exports it. */
export interface RunCaseRow {
  candidate: string;
  case_id: string;
  case_index: number;
  repeat: number;
  /** The case's input and expected fields (null when the dataset file can no longer be read). */
  input: string | null;
  expected: string | null;
  output: string | null;
  /** True when every scorer passed; null when the call failed. */
  pass: boolean | null;
  score: number | null;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number | null;
  cost_usd: number | null;
  cached: boolean;
  scorers: ScorerVerdict[];
}

/**
 * Streams a run's results joined with their cases' input and expected value, in the store's order.
 * Only the cases' two fields are held (one entry per case); results and outputs pass through one at a
 * time, so a run of any size exports in bounded memory.
 */
export async function* readRunCaseRows(options: { store: Store; run: RunRecord; failingOnly?: boolean; candidate?: string }): AsyncIterable<RunCaseRow> {
  const view = await runCaseView(options.run);
  const fields = new Map<number, { input: string | null; expected: string | null }>();
  for await (const row of readRunCases(view)) fields.set(row.caseIndex, { input: fieldText(row.vars[view.inputField]), expected: fieldText(row.vars[view.expectedField]) });
  const filter = options.candidate === undefined ? {} : { candidateId: options.candidate };
  for await (const result of options.store.readResults(options.run.id, filter)) {
    if (options.failingOnly === true && !isFailedResult(result)) continue;
    const known = fields.get(result.caseIndex);
    yield {
      candidate: result.candidateId,
      case_id: result.caseId,
      case_index: result.caseIndex,
      repeat: result.repeat,
      input: known?.input ?? null,
      expected: known?.expected ?? null,
      output: result.output,
      pass: result.pass,
      score: result.score,
      error_code: result.error?.code ?? null,
      error_message: result.error?.message ?? null,
      latency_ms: result.latencyMs,
      cost_usd: result.costUsd,
      cached: result.cached,
      scorers: scorerVerdicts(result),
    };
  }
}

/** The CSV columns of `runs show --cases --format csv`; scorers become one `name: score pass|fail (reason)` cell. */
export const runCaseCsvColumns = ["candidate", "case_id", "case_index", "repeat", "pass", "score", "input", "expected", "output", "error_code", "error_message", "latency_ms", "cost_usd", "cached", "scorers"] as const;

/** A CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row as a CSV line (no line end). */
export function runCaseCsvLine(row: RunCaseRow): string {
  const scorers = row.scorers.map((scorer) => `${scorer.name}: ${scorer.score ?? "-"} ${scorer.pass ? "pass" : "fail"}${scorer.reason === "" ? "" : ` (${scorer.reason})`}`).join("; ");
  const cells: Record<(typeof runCaseCsvColumns)[number], unknown> = { ...row, scorers };
  return runCaseCsvColumns.map((column) => csvField(cells[column])).join(",");
}
