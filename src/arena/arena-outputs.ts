import { readDataset } from "../data/read-dataset.js";
import { TuneopsError } from "../spec/errors.js";
import type { RunRecord, Store } from "../spec/store.js";

/** A model in the arena: one candidate of one stored run. */
export interface ArenaModel {
  /** The name battles and ratings use: the candidate id, or `candidate@run` when two runs share an id. */
  name: string;
  runId: string;
  candidateId: string;
}

export interface ArenaCase {
  caseId: string;
  /** The case's fields, from the run's dataset (empty when the file can no longer be read). */
  vars: Record<string, unknown>;
  /** Each model's output on the case (first repeat that produced one). */
  outputs: Map<string, string>;
}

export interface ArenaOutputs {
  models: ArenaModel[];
  /** Cases in the order of the first run, then any others. */
  cases: ArenaCase[];
}

/** The bits of a run's configuration snapshot (see src/eval/plan.ts) that locate its dataset. */
interface SnapshotDataset {
  suite?: unknown;
  config?: { datasets?: Record<string, { path?: unknown; id?: unknown }>; evals?: Record<string, { dataset?: unknown }> };
}

async function getRun(store: Store, runId: string): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (run === undefined) {
    throw new TuneopsError({ code: "not_found", message: `--run ${runId}: no run with that id`, location: { field: "--run" }, hint: "List runs with `tuneops runs list`." });
  }
  return run;
}

/**
 * The outputs of every candidate of the given runs on the cases they share, ready to pair up. Cases are
 * matched by their id (runs over the same dataset share ids). Results that failed (no output) are left
 * out. A single run must have two or more candidates; several runs give every candidate of each.
 */
export async function loadArenaOutputs(options: { store: Store; runs: readonly string[] }): Promise<ArenaOutputs> {
  const runIds = [...new Set(options.runs)];
  if (runIds.length === 0) throw new TuneopsError({ code: "input_invalid", message: "no runs given", location: { field: "--run" }, hint: "Name two runs (or one run with two or more candidates): --run A --run B." });
  const runs = await Promise.all(runIds.map((id) => getRun(options.store, id)));
  const perRun: { run: RunRecord; candidates: Map<string, Map<string, string>>; order: string[] }[] = [];
  for (const run of runs) {
    const candidates = new Map<string, Map<string, string>>();
    const order: string[] = [];
    for await (const result of options.store.readResults(run.id)) {
      if (result.output === null || result.error !== null) continue;
      let outputs = candidates.get(result.candidateId);
      if (outputs === undefined) candidates.set(result.candidateId, (outputs = new Map()));
      if (!outputs.has(result.caseId)) {
        outputs.set(result.caseId, result.output);
        order.push(result.caseId);
      }
    }
    perRun.push({ run, candidates, order });
  }
  const idCounts = new Map<string, number>();
  for (const { candidates } of perRun) for (const id of candidates.keys()) idCounts.set(id, (idCounts.get(id) ?? 0) + 1);
  const models: ArenaModel[] = [];
  const outputsByCase = new Map<string, Map<string, string>>();
  const caseOrder: string[] = [];
  for (const { run, candidates, order } of perRun) {
    for (const caseId of order) {
      if (!outputsByCase.has(caseId)) {
        outputsByCase.set(caseId, new Map());
        caseOrder.push(caseId);
      }
    }
    for (const [candidateId, outputs] of candidates) {
      const name = (idCounts.get(candidateId) ?? 0) > 1 ? `${candidateId}@${run.id}` : candidateId;
      models.push({ name, runId: run.id, candidateId });
      for (const [caseId, output] of outputs) outputsByCase.get(caseId)?.set(name, output);
    }
  }
  if (models.length < 2) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `the runs given (${runIds.join(", ")}) hold ${models.length} candidate${models.length === 1 ? "" : "s"} with outputs; pairwise comparison needs two or more`,
      location: { field: "--run" },
      hint: "Add another run with --run, or pick a run with several candidates.",
    });
  }
  const vars = await readCaseVars(runs, new Set(caseOrder));
  const cases: ArenaCase[] = [];
  for (const caseId of caseOrder) {
    const outputs = outputsByCase.get(caseId) as Map<string, string>;
    if (outputs.size >= 2) cases.push({ caseId, vars: vars.get(caseId) ?? {}, outputs });
  }
  return { models, cases };
}

/** The fields of the wanted cases, from the first run whose dataset file is still readable. */
async function readCaseVars(runs: readonly RunRecord[], wanted: ReadonlySet<string>): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (const run of runs) {
    const snapshot = run.config as SnapshotDataset;
    const suite = typeof snapshot.suite === "string" ? snapshot.suite : undefined;
    const datasetName = suite === undefined ? undefined : snapshot.config?.evals?.[suite]?.dataset;
    const dataset = typeof datasetName === "string" ? snapshot.config?.datasets?.[datasetName] : undefined;
    if (typeof dataset?.path !== "string") continue;
    const idField = typeof dataset.id === "string" ? dataset.id : undefined;
    try {
      let caseIndex = -1;
      for await (const row of readDataset({ path: dataset.path })) {
        if ("error" in row) continue;
        caseIndex += 1;
        const idValue = idField === undefined ? undefined : row.vars[idField];
        const caseId = idValue === undefined || idValue === null ? String(caseIndex) : String(idValue);
        if (wanted.has(caseId) && !found.has(caseId)) found.set(caseId, row.vars);
        if (found.size === wanted.size) return found;
      }
    } catch {
      // The dataset moved or is gone: the outputs can still be compared, with less context.
    }
  }
  return found;
}
