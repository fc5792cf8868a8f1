import type { ProjectConfig } from "../config/project-schema.js";
import { readDataset } from "../data/read-dataset.js";
import type { RunRecord } from "../spec/store.js";
import { expandCandidates } from "./candidates.js";
import { promptSourceFields, replayFields } from "./prompt-fields.js";
import { readPromptSource, type PromptTemplate } from "./prompt-template.js";

/** Where a stored run's cases come from and what each candidate was given, read from its snapshot. */
export interface RunCaseView {
  /** The dataset file the run read (absolute), or null when the snapshot does not name one. */
  datasetPath: string | null;
  inputField: string;
  expectedField: string;
  idField: string | null;
  /** Cases the run evaluated (the dataset's limit); null for all. */
  limit: number | null;
  /** The case fields each candidate's prompt reads (see `promptSourceFields`). */
  promptFields: Map<string, string[]>;
  /** Dataset fields replay candidates answer from: never shown as part of a case in a blind comparison. */
  replayFields: string[];
}

/** The parts of a run's snapshot (see `PlanSnapshot` in plan.ts) this reads; older snapshots may lack some. */
interface SnapshotShape {
  suite?: unknown;
  projectDir?: unknown;
  config?: Partial<ProjectConfig>;
}

/** One case of a stored run, numbered as the run numbered it. */
export interface RunCase {
  caseIndex: number;
  caseId: string;
  vars: Record<string, unknown>;
}

/**
 * What a stored run's snapshot says about its cases. Prompts are taken from the snapshot (named prompts
 * are inlined there); a prompt that can no longer be read counts as reading the input field.
 */
export async function runCaseView(run: Pick<RunRecord, "config">): Promise<RunCaseView> {
  const snapshot = (typeof run.config === "object" && run.config !== null ? run.config : {}) as SnapshotShape;
  const config = snapshot.config ?? {};
  const suiteName = typeof snapshot.suite === "string" ? snapshot.suite : undefined;
  const suite = suiteName === undefined ? undefined : config.evals?.[suiteName];
  const dataset = suite === undefined ? undefined : config.datasets?.[suite.dataset];
  const inputField = dataset?.input ?? "input";
  const view: RunCaseView = {
    datasetPath: typeof dataset?.path === "string" ? dataset.path : null,
    inputField,
    expectedField: dataset?.expected ?? "expected",
    idField: dataset?.id ?? null,
    limit: typeof dataset?.limit === "number" ? dataset.limit : null,
    promptFields: new Map(),
    replayFields: replayFields(config.providers ?? {}),
  };
  if (suite === undefined || suiteName === undefined) return view;
  let specs: ReturnType<typeof expandCandidates>;
  try {
    specs = expandCandidates(config as ProjectConfig, suiteName, suite);
  } catch {
    return view;
  }
  const baseDir = typeof snapshot.projectDir === "string" ? snapshot.projectDir : ".";
  for (const spec of specs) {
    let source: PromptTemplate["source"] = { kind: "text", text: `{{ ${inputField} }}` };
    if (spec.prompt !== null) {
      const promptConfig = config.prompts?.[spec.prompt] ?? spec.prompt;
      try {
        source = await readPromptSource(promptConfig, baseDir, spec.id);
      } catch {
        // The prompt file is gone: fall back to the input field.
      }
    }
    view.promptFields.set(spec.id, promptSourceFields(source));
  }
  return view;
}

/**
 * Streams the run's cases from its dataset file, numbered as the run numbered them (valid rows only,
 * up to its limit). Yields nothing when the file can no longer be read.
 */
export async function* readRunCases(view: RunCaseView): AsyncIterable<RunCase> {
  if (view.datasetPath === null) return;
  let caseIndex = -1;
  try {
    for await (const row of readDataset({ path: view.datasetPath })) {
      if ("error" in row) continue;
      caseIndex += 1;
      if (view.limit !== null && caseIndex >= view.limit) return;
      const idValue = view.idField === null ? undefined : row.vars[view.idField];
      yield { caseIndex, caseId: idValue === undefined || idValue === null ? String(caseIndex) : String(idValue), vars: row.vars };
    }
  } catch {
    // The dataset moved or is gone: the caller shows what it has without it.
  }
}
