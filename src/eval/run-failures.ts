import type { ResultRecord } from "../spec/result.js";
import type { RunRecord, Store } from "../spec/store.js";
import { readRunCases, runCaseView } from "./run-cases.js";

/** Longest text of a failing case kept for a report, characters: the whole case is in `runs show --cases`. */
const maxTextLength = 2_000;

/** One scorer's verdict on a result, as reports show it. */
export interface ScorerVerdict {
  name: string;
  score: number | null;
  pass: boolean;
  /** The scorer's reason, or why the scorer itself failed; empty when it gave none. */
  reason: string;
}

/** A result that failed (the call failed, or a scorer did not pass), with what a reader needs to see why. */
export interface FailedCase {
  candidate: string;
  caseIndex: number;
  caseId: string;
  repeat: number;
  /** The case's input field (null when the dataset file can no longer be read). */
  input: string | null;
  expected: string | null;
  /** The model's output; null when the call failed. */
  output: string | null;
  error: { code: string; message: string } | null;
  scorers: ScorerVerdict[];
}

/** How often one error code ended a candidate's calls, and the first message it came with. */
export interface ErrorCodeCount {
  candidate: string;
  code: string;
  count: number;
  firstMessage: string;
}

export interface RunFailures {
  /** Every failing result, in the store's order (candidate, then case). */
  cases: FailedCase[];
  errors: ErrorCodeCount[];
}

/** Text of a field value as reports show it: strings as they are, anything else as JSON. */
export function fieldText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

function cut(text: string | null): string | null {
  if (text === null || text.length <= maxTextLength) return text;
  return `${text.slice(0, maxTextLength)}… (${text.length - maxTextLength} more characters)`;
}

/** A result's scorer verdicts, reasons included (a scorer that failed gives its error as the reason). */
export function scorerVerdicts(result: ResultRecord): ScorerVerdict[] {
  return result.scores.map((score) => ({
    name: score.name,
    score: score.score,
    pass: score.pass,
    reason: score.error ? `failed: ${score.error.message}` : (score.reason ?? ""),
  }));
}

/** True for a result reports count as failed: its call failed, or a scorer did not pass. */
export function isFailedResult(result: ResultRecord): boolean {
  return result.error !== null || result.pass === false;
}

/**
 * Every failing result of a run, with the case's input and expected value (from the run's dataset file),
 * the output and each scorer's verdict, texts cut to 2,000 characters; and per candidate each error code
 * with its count and first message. Results stream from the store; only failures are kept.
 */
export async function readRunFailures(options: { store: Store; run: RunRecord }): Promise<RunFailures> {
  const cases: FailedCase[] = [];
  const errors = new Map<string, ErrorCodeCount>();
  for await (const result of options.store.readResults(options.run.id)) {
    if (result.error !== null) {
      const key = `${result.candidateId}\u0000${result.error.code}`;
      const counted = errors.get(key);
      if (counted === undefined) errors.set(key, { candidate: result.candidateId, code: result.error.code, count: 1, firstMessage: result.error.message });
      else counted.count += 1;
    }
    if (!isFailedResult(result)) continue;
    cases.push({
      candidate: result.candidateId,
      caseIndex: result.caseIndex,
      caseId: result.caseId,
      repeat: result.repeat,
      input: null,
      expected: null,
      output: cut(result.output),
      error: result.error === null ? null : { code: result.error.code, message: result.error.message },
      scorers: scorerVerdicts(result).map((verdict) => ({ ...verdict, reason: cut(verdict.reason) ?? "" })),
    });
  }
  if (cases.length > 0) {
    const view = await runCaseView(options.run);
    const wanted = new Map<number, FailedCase[]>();
    for (const item of cases) wanted.set(item.caseIndex, [...(wanted.get(item.caseIndex) ?? []), item]);
    const last = [...wanted.keys()].reduce((highest, index) => Math.max(highest, index), 0);
    for await (const row of readRunCases(view)) {
      for (const item of wanted.get(row.caseIndex) ?? []) {
        item.input = cut(fieldText(row.vars[view.inputField]));
        item.expected = cut(fieldText(row.vars[view.expectedField]));
      }
      if (row.caseIndex >= last) break;
    }
  }
  return { cases, errors: [...errors.values()] };
}
