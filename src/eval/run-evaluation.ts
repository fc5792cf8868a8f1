import type { ProjectConfig } from "../config/project-schema.js";
import { isTuneopsError, TuneopsError } from "../spec/errors.js";
import type { RunSummary } from "../spec/run-summary.js";
import type { RunOwner, RunRecord, Store } from "../spec/store.js";
import type { CachePolicy } from "./cache-policy.js";
import type { EvalEventSink } from "./events.js";
import { executePlan } from "./execute.js";
import type { EvaluationResources, ModelHandle } from "./model-handle.js";
import { describeBadRows, planEvaluation, type EvalPlan } from "./plan.js";
import { newRunId } from "./run-id.js";
import { currentRunOwner, deadRunReason, localLivenessProbe, startHeartbeat, type LivenessProbe } from "./run-liveness.js";
import { readRunSnapshot, type RunOptionsSnapshot, type RunSnapshot } from "./run-snapshot.js";
import { readRunFailures, type RunFailures } from "./run-failures.js";
import { summarizeRun, type CandidateInfo } from "./summarize.js";
import { createTemplateRenderer } from "./template.js";
import { createScorers } from "../scorers/create-scorer.js";

export interface RunEvaluationOptions {
  store: Store;
  resources: EvaluationResources;
  /** How the run uses the response cache (`defaults.cache`, `defaults.cache_ttl`, `--no-cache`, `--refresh-cache`). */
  cache: CachePolicy;
  /** Run the valid cases even when some rows could not be read (they are reported either way). */
  allowBadRows?: boolean;
  events?: EvalEventSink;
  signal?: AbortSignal;
  /** Candidates the caller left out, with why (shown in reports). */
  skipped?: { candidate: string; reason: string }[];
  /** Judge samples per case for judge scorers without their own `samples` (`--judge-samples`). */
  judgeSamples?: number;
  /** How long result writes the store refuses are tried again before the run stops, ms (default 60 s). */
  storeRetryMs?: number;
  /** The process executing the run (default: this one); recorded with a heartbeat. */
  owner?: RunOwner;
  /** Tells whether the process of a `running` run is gone (default: this machine's). */
  probe?: LivenessProbe;
}

/**
 * Resuming takes every option that shaped the run from its stored snapshot; `cache` and the others
 * given here count only for runs stored before their options were kept.
 */
export type ResumeEvaluationOptions = Omit<RunEvaluationOptions, "cache"> & { runId: string; cache?: CachePolicy };

export interface EvaluationOutcome {
  run: RunRecord;
  plan: EvalPlan;
  summary: RunSummary;
  /** Every failing result and each candidate's error codes with their first message, for reports. */
  failures: RunFailures;
}

/** Plans, executes and summarises one suite of a project as a new run. */
export async function runEvaluation(
  options: RunEvaluationOptions & { config: ProjectConfig; projectDir: string; suite: string; limit?: number },
): Promise<EvaluationOutcome> {
  const renderer = createTemplateRenderer({ root: options.projectDir });
  const planOptions = { config: options.config, projectDir: options.projectDir, suite: options.suite, renderer };
  const plan = await planEvaluation(options.limit === undefined ? planOptions : { ...planOptions, limit: options.limit });
  refuseBadRows(plan, options.allowBadRows ?? false);
  if (plan.dataset.badRows.length > 0) {
    const lines = plan.dataset.badRows.slice(0, 20).map((row) => `${plan.dataset.path}:${row.line}: ${row.message}`);
    const more = plan.dataset.badRows.length > 20 ? `\n... and ${plan.dataset.badRows.length - 20} more` : "";
    options.events?.({ type: "warning", message: `${plan.dataset.badRows.length} unreadable row(s) left out (--allow-bad-rows):\n${lines.join("\n")}${more}` });
  }
  const runOptions: RunOptionsSnapshot = {
    limit: plan.dataset.limit,
    cache: options.cache,
    allowBadRows: options.allowBadRows ?? false,
    judgeSamples: options.judgeSamples ?? null,
  };
  const snapshot: RunSnapshot = { ...plan.snapshot, skipped: options.skipped ?? [], options: runOptions };
  const run = await options.store.createRun({
    id: newRunId(),
    project: plan.project,
    suite: plan.suite,
    config: snapshot,
    datasetHash: plan.dataset.hash,
    plannedCount: plan.total,
    createdAt: Date.now(),
    owner: options.owner ?? currentRunOwner(),
  });
  await options.store.upsertDataset({ name: plan.dataset.name, hash: plan.dataset.hash, path: plan.dataset.path, format: plan.dataset.format, rowCount: plan.dataset.cases });
  return continueRun({ ...options, run, plan, renderer });
}

/**
 * Finishes an interrupted (or crashed) run from its stored snapshot: no result lost or duplicated, and
 * the same plan (limit, cache policy, judge samples) as the run started with.
 */
export async function resumeEvaluation(options: ResumeEvaluationOptions): Promise<EvaluationOutcome> {
  const { store } = options;
  const run = await store.getRun(options.runId);
  if (!run) throw new TuneopsError({ code: "not_found", message: `no run with id ${options.runId}`, hint: "List runs with `tuneops runs list`." });
  if (run.status === "completed") {
    throw new TuneopsError({ code: "input_invalid", message: `run ${run.id} is already complete`, hint: `Show it with \`tuneops runs show ${run.id}\`.` });
  }
  if (run.status === "running" && deadRunReason(run, options.probe ?? localLivenessProbe()) === null) {
    const where = run.owner ? ` by process ${run.owner.pid} on ${run.owner.host}` : "";
    throw new TuneopsError({
      code: "input_invalid",
      message: `run ${run.id} is still running${where}`,
      hint: run.owner ? "Wait for it to finish, or stop that process (Ctrl-C) and resume it then." : "Runs stored before owners were recorded cannot be checked: resume it once its process has stopped.",
    });
  }
  const snapshot = readRunSnapshot(run);
  const stored = snapshot.options;
  const renderer = createTemplateRenderer({ root: snapshot.projectDir });
  const planOptions = { config: snapshot.config, projectDir: snapshot.projectDir, suite: snapshot.suite, renderer };
  const plan = await planEvaluation(stored?.limit != null ? { ...planOptions, limit: stored.limit } : planOptions);
  if (plan.dataset.hash !== run.datasetHash) {
    throw new TuneopsError({
      code: "dataset_invalid",
      message: `${plan.dataset.path} changed since run ${run.id} started, so its results cannot be completed consistently`,
      hint: "Restore the dataset, or start a new run with `tuneops eval`.",
    });
  }
  if (plan.total !== run.plannedCount) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `run ${run.id} planned ${run.plannedCount} results but its snapshot now plans ${plan.total}`,
      hint: "Start a new run with `tuneops eval`.",
    });
  }
  // Claim the run: only one process resumes it, and only if nobody changed it since it was read.
  const claimed = await store.updateRun(
    run.id,
    { status: "running", endedAt: null, owner: options.owner ?? currentRunOwner(), heartbeatAt: Date.now() },
    { status: run.status, heartbeatAt: run.heartbeatAt },
  );
  if (!claimed) {
    throw new TuneopsError({ code: "input_invalid", message: `run ${run.id} changed while it was being resumed (another process resumed it?)`, hint: "See `tuneops runs list`." });
  }
  const cache = stored?.cache ?? options.cache;
  if (!cache) throw new TuneopsError({ code: "internal", message: `run ${run.id} stores no cache policy and none was given` });
  const judgeSamples = stored ? (stored.judgeSamples ?? undefined) : options.judgeSamples;
  const { judgeSamples: _given, ...rest } = options;
  return continueRun({
    ...rest,
    ...(judgeSamples === undefined ? {} : { judgeSamples }),
    cache,
    allowBadRows: stored?.allowBadRows ?? options.allowBadRows ?? false,
    skipped: snapshot.skipped,
    run: { ...run, status: "running" },
    plan,
    renderer,
  });
}

async function continueRun(
  options: RunEvaluationOptions & { run: RunRecord; plan: EvalPlan; renderer: ReturnType<typeof createTemplateRenderer> },
): Promise<EvaluationOutcome> {
  const { store, run, plan } = options;
  const stopHeartbeat = startHeartbeat({
    store,
    runId: run.id,
    onError: (error) => options.events?.({ type: "warning", message: `run ${run.id}: the heartbeat could not be written (${error instanceof Error ? error.message : String(error)})` }),
  });
  try {
    return await executeAndSummarize(options);
  } finally {
    stopHeartbeat();
  }
}

async function executeAndSummarize(
  options: RunEvaluationOptions & { run: RunRecord; plan: EvalPlan; renderer: ReturnType<typeof createTemplateRenderer> },
): Promise<EvaluationOutcome> {
  const { store, run, plan } = options;
  const handles = new Map<string, ModelHandle>();
  const scorers = createScorers(plan.scorers, {
    baseDir: plan.projectDir,
    render: options.renderer.render,
    ...(options.resources.scorerModels ? { models: options.resources.scorerModels } : {}),
    ...(options.judgeSamples !== undefined ? { judgeSamples: options.judgeSamples } : {}),
  });
  const resources: EvaluationResources = {
    resolveModel: async (name) => {
      let handle = handles.get(name);
      if (!handle) handles.set(name, (handle = await options.resources.resolveModel(name)));
      return handle;
    },
    resolveRetriever: (name) => options.resources.resolveRetriever(name),
  };
  let status: RunRecord["status"];
  try {
    const outcome = await executePlan({
      plan,
      runId: run.id,
      store,
      resources,
      renderer: options.renderer,
      cache: options.cache,
      scorers,
      ...(options.events ? { events: options.events } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.storeRetryMs === undefined ? {} : { storeRetryMs: options.storeRetryMs }),
    });
    status = outcome.status;
    options.events?.({ type: "finished", runId: run.id, status, done: outcome.done, total: plan.total });
  } catch (error) {
    const storeFailed = isTuneopsError(error) && error.code === "store_failed";
    // A store that failed may refuse this write too: the run then stays `running`, which resumes the same.
    const marked = await store.updateRun(run.id, storeFailed ? { status: "interrupted" } : { status: "failed", endedAt: Date.now() }).then(
      () => true,
      () => false,
    );
    await closeAll(handles);
    await options.resources.close?.();
    if (storeFailed) throw storeStopped(run.id, error, marked);
    throw error;
  }
  await closeAll(handles);
  await options.resources.close?.();
  const endedAt = status === "completed" ? Date.now() : null;
  const finished: RunRecord = { ...run, status, endedAt };
  const candidates: CandidateInfo[] = plan.candidates.map((candidate) => describeCandidate(candidate.id, candidate.prompt, handles.get(candidate.providerName)));
  let summarized: Awaited<ReturnType<typeof summarizeRun>>;
  let failures: RunFailures;
  try {
    summarized = await summarizeRun({ store, run: finished, plan, candidates, skipped: options.skipped ?? [], scorers });
    await store.updateRun(run.id, { status, endedAt, summary: summarized.summary });
    failures = await readRunFailures({ store, run: finished });
  } catch (error) {
    if (!isTuneopsError(error) || error.code !== "store_failed") throw error;
    // Every result is stored but the summary is not: a resume computes it again.
    const marked = await store.updateRun(run.id, { status: "interrupted" }).then(
      () => true,
      () => false,
    );
    throw storeStopped(run.id, error, marked);
  }
  const { summary } = summarized;
  return { run: { ...finished, summary }, plan, summary, failures };
}

/** The error an eval ends with when the store stayed unreachable: the run is kept for a resume. */
function storeStopped(runId: string, error: TuneopsError, marked: boolean): TuneopsError {
  const resume = `finish the run with \`tuneops eval --resume ${runId}\` (no result is lost or duplicated)`;
  return new TuneopsError({
    code: "store_failed",
    message: `run ${runId} stopped because the store could not be written (${error.message}); it is ${marked ? "marked interrupted" : "left running"} with every result written so far`,
    isRetryable: true,
    // The store's own hint names the condition (a full disk, a read-only folder); a dropped connection has none.
    hint: error.hint === undefined ? `Once the database is reachable again, ${resume}.` : `${error.hint} Then ${resume}.`,
    cause: error,
  });
}

function describeCandidate(id: string, prompt: string | null, handle: ModelHandle | undefined): CandidateInfo {
  const labels: string[] = [];
  if (handle?.model.capabilities.simulated) labels.push("simulated");
  if (handle?.model.capabilities.local) labels.push("local");
  if (handle?.model.capabilities.needsTraining) labels.push("baseline");
  return {
    id,
    provider: handle?.model.provider ?? "unknown",
    model: handle?.model.modelId ?? "unknown",
    prompt,
    labels,
    priceSource: handle?.pricing.source ?? null,
  };
}

async function closeAll(handles: Map<string, ModelHandle>): Promise<void> {
  await Promise.all([...handles.values()].map((handle) => handle.model.close?.()));
}

function refuseBadRows(plan: EvalPlan, allow: boolean): void {
  if (plan.dataset.badRows.length === 0 || allow) return;
  throw new TuneopsError({
    code: "dataset_invalid",
    message: `${plan.dataset.path}: ${describeBadRows(plan.dataset.path, plan.dataset.badRows)}`,
    location: { file: plan.dataset.path, line: plan.dataset.badRows[0]?.line },
    hint: "Fix the rows, or pass --allow-bad-rows to evaluate the valid ones (the bad rows stay listed in the output).",
  });
}
