import { TuneopsError } from "../spec/errors.js";
import type { ComparisonSummary } from "../spec/run-summary.js";
import type { RunRecord, Store } from "../spec/store.js";
import { compareCandidates } from "./compare.js";
import type { PlanSnapshot } from "./plan.js";
import { QualityAccumulator } from "./quality-accumulator.js";

export interface RunComparison {
  a: { run: string; candidate: string };
  b: { run: string; candidate: string };
  /** Cases of run A that run B also has (matched by case id). */
  sharedCases: number;
  comparisons: ComparisonSummary[];
}

/**
 * Compares candidates of two stored runs on the cases both ran (matched by case id, so a re-ordered or
 * extended dataset still pairs up). Without explicit candidates: the only candidate of each run, or
 * every candidate id the two runs share.
 */
export async function compareRuns(options: { store: Store; runA: string; runB: string; candidateA?: string; candidateB?: string }): Promise<RunComparison[]> {
  const [runA, runB] = await Promise.all([loadRun(options.store, options.runA), loadRun(options.store, options.runB)]);
  const pairs = candidatePairs(runA, runB, options.candidateA, options.candidateB);
  const repeats = Math.min(repeatsOf(runA), repeatsOf(runB));
  const comparisons: RunComparison[] = [];
  for (const [candidateA, candidateB] of pairs) {
    const cases = casesOf(runA);
    const left = new QualityAccumulator({ scorers: [], cases, repeats });
    const indexById = new Map<string, number>();
    for await (const result of options.store.readResults(runA.id, { candidateId: candidateA })) {
      if (result.repeat >= repeats) continue;
      left.add(result);
      indexById.set(result.caseId, result.caseIndex);
    }
    const right = new QualityAccumulator({ scorers: [], cases, repeats });
    const shared = new Set<string>();
    for await (const result of options.store.readResults(runB.id, { candidateId: candidateB })) {
      const caseIndex = indexById.get(result.caseId);
      if (caseIndex === undefined || result.repeat >= repeats) continue;
      shared.add(result.caseId);
      right.add({ ...result, caseIndex });
    }
    const labelA = runA.id === runB.id ? candidateA : `${candidateA}@${runA.id}`;
    const labelB = runA.id === runB.id ? candidateB : `${candidateB}@${runB.id}`;
    comparisons.push({
      a: { run: runA.id, candidate: candidateA },
      b: { run: runB.id, candidate: candidateB },
      sharedCases: shared.size,
      comparisons: compareCandidates({ id: labelA, slots: left.finish().slots }, { id: labelB, slots: right.finish().slots }, repeats),
    });
  }
  return comparisons;
}

async function loadRun(store: Store, id: string): Promise<RunRecord> {
  const run = await store.getRun(id);
  if (!run) throw new TuneopsError({ code: "not_found", message: `no run with id ${id}`, hint: "List runs with `tuneops runs list`." });
  return run;
}

function snapshotOf(run: RunRecord): PlanSnapshot {
  return run.config as PlanSnapshot;
}

function candidatesOf(run: RunRecord): string[] {
  return snapshotOf(run).candidateIds ?? [];
}

function repeatsOf(run: RunRecord): number {
  const snapshot = snapshotOf(run);
  return snapshot.config?.evals?.[snapshot.suite]?.repeats ?? 1;
}

function casesOf(run: RunRecord): number {
  const candidates = Math.max(1, candidatesOf(run).length);
  return Math.ceil(run.plannedCount / (candidates * repeatsOf(run)));
}

function candidatePairs(runA: RunRecord, runB: RunRecord, candidateA: string | undefined, candidateB: string | undefined): [string, string][] {
  const inA = candidatesOf(runA);
  const inB = candidatesOf(runB);
  const check = (run: RunRecord, list: string[], id: string): string => {
    if (!list.includes(id)) {
      throw new TuneopsError({ code: "input_invalid", message: `run ${run.id} has no candidate "${id}"`, hint: `Its candidates: ${list.join(", ")}.` });
    }
    return id;
  };
  if (candidateA !== undefined || candidateB !== undefined) {
    const left = check(runA, inA, candidateA ?? candidateB!);
    const right = check(runB, inB, candidateB ?? candidateA!);
    return [[left, right]];
  }
  if (runA.id === runB.id) {
    const [first, ...others] = inA;
    return first === undefined ? [] : others.map((other) => [first, other]);
  }
  if (inA.length === 1 && inB.length === 1) return [[inA[0]!, inB[0]!]];
  const shared = inA.filter((id) => inB.includes(id));
  if (shared.length === 0) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `runs ${runA.id} and ${runB.id} share no candidate id`,
      hint: "Name the candidates to compare: --candidate-a ID --candidate-b ID.",
    });
  }
  return shared.map((id) => [id, id]);
}
