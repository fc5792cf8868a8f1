import { pickFields } from "../eval/prompt-fields.js";
import { readRunCases, runCaseView, type RunCaseView } from "../eval/run-cases.js";
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
  /**
   * What the models were given, as a voter or judge sees it: the case fields their prompts read, never
   * a replay candidate's recorded answers, and the reference only with `showReference` (empty when the
   * dataset file can no longer be read).
   */
  shown: Record<string, unknown>;
  /** Each model's output on the case (first repeat that produced one). */
  outputs: Map<string, string>;
}

/** How an answer reads in a blind comparison: an empty one says so instead of showing nothing. */
export function shownAnswer(output: string): string {
  return output.trim() === "" ? "(empty answer)" : output;
}

export interface ArenaOutputs {
  models: ArenaModel[];
  /** Cases in the order of the first run, then any others. */
  cases: ArenaCase[];
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
export async function loadArenaOutputs(options: { store: Store; runs: readonly string[]; showReference?: boolean }): Promise<ArenaOutputs> {
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
  for (const [caseId, outputs] of outputsByCase) if (outputs.size < 2) outputsByCase.delete(caseId);
  const shown = await readShownFields({ runs, models, outputsByCase, showReference: options.showReference === true });
  const cases: ArenaCase[] = [];
  for (const caseId of caseOrder) {
    const outputs = outputsByCase.get(caseId);
    if (outputs !== undefined) cases.push({ caseId, shown: shown.get(caseId) ?? {}, outputs });
  }
  return { models, cases };
}

/**
 * What each wanted case shows in a blind comparison: the fields the prompts of the models that answered
 * it read (from the first run whose dataset file is still readable), less the fields replay candidates
 * answer from, and less the reference unless `showReference`.
 */
async function readShownFields(options: {
  runs: readonly RunRecord[];
  models: readonly ArenaModel[];
  outputsByCase: ReadonlyMap<string, ReadonlyMap<string, string>>;
  showReference: boolean;
}): Promise<Map<string, Record<string, unknown>>> {
  const views = new Map<string, RunCaseView>();
  for (const run of options.runs) views.set(run.id, await runCaseView(run));
  const hidden = new Set<string>();
  for (const view of views.values()) {
    for (const field of view.replayFields) hidden.add(field);
    if (!options.showReference) hidden.add(view.expectedField);
  }
  const fieldsOf = new Map<string, string[]>();
  for (const model of options.models) fieldsOf.set(model.name, views.get(model.runId)?.promptFields.get(model.candidateId) ?? [views.get(model.runId)?.inputField ?? "input"]);
  const found = new Map<string, Record<string, unknown>>();
  for (const run of options.runs) {
    const view = views.get(run.id) as RunCaseView;
    for await (const item of readRunCases(view)) {
      const outputs = options.outputsByCase.get(item.caseId);
      if (outputs === undefined || found.has(item.caseId)) continue;
      const fields = new Set<string>();
      for (const name of outputs.keys()) for (const field of fieldsOf.get(name) ?? []) fields.add(field);
      if (options.showReference) fields.add(view.expectedField);
      found.set(item.caseId, pickFields(item.vars, fields, hidden));
      if (found.size === options.outputsByCase.size) return found;
    }
  }
  return found;
}
