import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResultRecord } from "../../spec/result.js";
import type { Store } from "../../spec/store.js";
import { openStore } from "../../store/open-store.js";

/** A result with only what the arena reads filled in. */
export function result(fields: { runId: string; candidateId: string; caseIndex: number; output: string | null; caseId?: string }): ResultRecord {
  return {
    runId: fields.runId,
    candidateId: fields.candidateId,
    caseIndex: fields.caseIndex,
    caseId: fields.caseId ?? `q${fields.caseIndex}`,
    repeat: 0,
    output: fields.output,
    finishReason: fields.output === null ? null : "stop",
    scores: [],
    pass: null,
    score: null,
    latencyMs: 1,
    ttftMs: null,
    inputTokens: null,
    outputTokens: null,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    costUsd: null,
    cached: false,
    error: fields.output === null ? { code: "provider_timeout", message: "timed out" } : null,
    retrieved: null,
    createdAt: 1,
  };
}

/**
 * A fresh SQLite store with one dataset of `cases` questions (ids q0, q1, ...) and, per entry of `runs`,
 * a completed run whose candidates answered each case with `answer(case index)` (null: the call failed).
 */
export async function arenaFixture(options: {
  cases: number;
  runs: Record<string, Record<string, (caseIndex: number) => string | null>>;
  /** More fields of each dataset row. */
  fields?: (caseIndex: number) => Record<string, unknown>;
  /** Project config merged into each run's snapshot (providers, prompts, the suite's candidates). */
  project?: { providers?: Record<string, unknown>; prompts?: Record<string, unknown>; candidates?: unknown[] };
}): Promise<{ store: Store; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "tuneops-arena-"));
  const datasetPath = join(dir, "qa.jsonl");
  const rows = Array.from({ length: options.cases }, (_, index) => JSON.stringify({ id: `q${index}`, input: `Question ${index}?`, ...options.fields?.(index) }));
  await writeFile(datasetPath, rows.join("\n"));
  const store = await openStore({ sqlitePath: join(dir, "tuneops.db") });
  let createdAt = 1_700_000_000_000;
  for (const [runId, candidates] of Object.entries(options.runs)) {
    const { providers = {}, prompts = {}, candidates: suiteCandidates } = options.project ?? {};
    const evals = { qa: { dataset: "qa", ...(suiteCandidates === undefined ? {} : { candidates: suiteCandidates }) } };
    const config = { suite: "qa", projectDir: dir, candidateIds: Object.keys(candidates), config: { datasets: { qa: { path: datasetPath, id: "id", input: "input", expected: "expected" } }, providers, prompts, evals } };
    createdAt += 1;
    await store.createRun({ id: runId, project: "p", suite: "qa", config, datasetHash: "h", plannedCount: 0, createdAt });
    const results: ResultRecord[] = [];
    for (const [candidateId, answer] of Object.entries(candidates)) {
      for (let caseIndex = 0; caseIndex < options.cases; caseIndex += 1) results.push(result({ runId, candidateId, caseIndex, output: answer(caseIndex) }));
    }
    await store.insertResults(results);
    await store.updateRun(runId, { status: "completed", endedAt: createdAt });
  }
  return { store, dir };
}
