import { readDataset } from "../../data/read-dataset.js";
import { planEvaluation, type PlanSnapshot } from "../../eval/plan.js";
import { createTemplateRenderer } from "../../eval/template.js";
import { TuneopsError } from "../../spec/errors.js";
import type { Prompt } from "../../spec/language-model.js";
import type { ResultRecord } from "../../spec/result.js";
import type { RunSummary } from "../../spec/run-summary.js";
import type { Store } from "../../spec/store.js";
import { curateExamples, type ChatTrainingExample, type CuratedDataset, type CurationOptions } from "./curate-examples.js";

export interface DatasetFromRunOptions extends CurationOptions {
  store: Store;
  runId: string;
  /** The candidate whose outputs to take (default: the best by the summary's primary metric). */
  candidate?: string;
  /** Also take outputs whose case failed (default: passing cases only). */
  includeFailing?: boolean;
  /** Human-corrected outputs by case id: they replace the candidate's output, passing or not. */
  corrections?: ReadonlyMap<string, string>;
}

export interface DatasetFromRunResult extends CuratedDataset {
  candidate: string;
  /** The metric the candidate was chosen by and its mean (absent when it was named). */
  chosenBy: { metric: string; mean: number } | null;
  cases: number;
  corrected: number;
  /** Cases left out: failed (not passing, not corrected) or without an output. */
  skipped: { failing: number; no_output: number };
  /** Correction case ids that are not cases of the run. */
  unmatchedCorrections: string[];
}

/**
 * Builds a chat fine-tuning dataset from an evaluation run: for each case, the prompt the candidate was
 * sent (re-rendered from the run's stored configuration) and, as the assistant's answer, the human
 * correction when there is one, else the candidate's output when the case passed (first passing
 * repeat).
 */
export async function datasetFromRun(options: DatasetFromRunOptions): Promise<DatasetFromRunResult> {
  const run = await options.store.getRun(options.runId);
  if (!run) throw new TuneopsError({ code: "not_found", message: `no run with id ${options.runId}`, hint: "List runs with `tuneops runs list`." });
  const summary = run.summary as RunSummary | null;
  const { candidate, chosenBy } = chooseCandidate(run.id, summary, options.candidate);
  const snapshot = run.config as PlanSnapshot;
  const renderer = createTemplateRenderer({ root: snapshot.projectDir });
  const plan = await planEvaluation({ config: snapshot.config, projectDir: snapshot.projectDir, suite: snapshot.suite, renderer, promptsOnly: true });
  if (plan.dataset.hash !== run.datasetHash) {
    throw new TuneopsError({ code: "dataset_invalid", message: `${plan.dataset.path} changed since run ${run.id}, so its prompts cannot be rebuilt`, hint: "Restore the dataset the run evaluated." });
  }
  const planned = plan.candidates.find((entry) => entry.id === candidate);
  if (!planned) throw new TuneopsError({ code: "input_invalid", message: `run ${run.id} has no candidate ${candidate}`, location: { field: "--candidate" }, hint: `Candidates: ${plan.candidates.map((entry) => entry.id).join(", ")}.` });

  const byCase = new Map<number, ResultRecord>();
  const passing = new Set<number>();
  for await (const result of options.store.readResults(run.id, { candidateId: candidate })) {
    if (passing.has(result.caseIndex)) continue;
    if (result.pass === true && result.output !== null) {
      passing.add(result.caseIndex);
      byCase.set(result.caseIndex, result);
    } else if (!byCase.has(result.caseIndex)) byCase.set(result.caseIndex, result);
  }

  const corrections = options.corrections ?? new Map<string, string>();
  const matched = new Set<string>();
  const examples: ChatTrainingExample[] = [];
  const skipped = { failing: 0, no_output: 0 };
  let corrected = 0;
  let caseIndex = -1;
  for await (const row of readDataset({ path: plan.dataset.path })) {
    if ("error" in row) continue;
    caseIndex++;
    if (caseIndex >= plan.dataset.cases) break;
    const result = byCase.get(caseIndex);
    if (result === undefined) continue;
    const correction = corrections.get(result.caseId);
    let answer: string;
    if (correction !== undefined) {
      matched.add(result.caseId);
      corrected++;
      answer = correction;
    } else if (result.output === null) {
      skipped.no_output++;
      continue;
    } else if (result.pass !== true && !options.includeFailing) {
      skipped.failing++;
      continue;
    } else answer = result.output;
    const vars = result.retrieved ? { ...row.vars, [planned.contextVar]: result.retrieved.map((passage) => passage.text).join("\n\n") } : row.vars;
    examples.push({ messages: [...promptMessages(planned.template.render(vars)), { role: "assistant", content: answer }] });
  }
  return {
    ...curateExamples(examples, options),
    candidate,
    chosenBy,
    cases: byCase.size,
    corrected,
    skipped,
    unmatchedCorrections: [...corrections.keys()].filter((id) => !matched.has(id)),
  };
}

function promptMessages(prompt: Prompt): ChatTrainingExample["messages"] {
  if (prompt.kind === "text") return [{ role: "user", content: prompt.text }];
  return prompt.messages.map((message) => ({ role: message.role, content: message.content }));
}

/** The named candidate, or the one with the highest mean of its first metric (pass rate when scored). */
function chooseCandidate(runId: string, summary: RunSummary | null, named: string | undefined): { candidate: string; chosenBy: DatasetFromRunResult["chosenBy"] } {
  if (named !== undefined) return { candidate: named, chosenBy: null };
  if (summary === null || !Array.isArray(summary.candidates)) {
    throw new TuneopsError({ code: "input_invalid", message: `run ${runId} has no summary to pick its best candidate from`, location: { field: "--candidate" }, hint: "Name the candidate with --candidate, or finish the run first (tuneops eval --resume)." });
  }
  let best: { candidate: string; chosenBy: { metric: string; mean: number } } | undefined;
  for (const entry of summary.candidates) {
    const metric = entry.metrics[0];
    if (metric === undefined || metric.mean === null) continue;
    if (best === undefined || metric.mean > best.chosenBy.mean) best = { candidate: entry.id, chosenBy: { metric: metric.name, mean: metric.mean } };
  }
  if (best === undefined) throw new TuneopsError({ code: "input_invalid", message: `run ${runId} has no scored candidate`, location: { field: "--candidate" }, hint: "Name the candidate with --candidate." });
  return best;
}
