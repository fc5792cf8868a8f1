import { setMaxListeners } from "node:events";
import { join } from "node:path";
import { readDataset } from "../data/read-dataset.js";
import { runScorerNow } from "../scorers/run-scorer.js";
import { createRandom } from "../stats/random.js";
import { TuneopsError, isTuneopsError, toErrorData } from "../spec/errors.js";
import type { GenerateRequest } from "../spec/language-model.js";
import { resultKey, type ResultRecord, type RetrievedPassage } from "../spec/result.js";
import type { RetrieverV1 } from "../spec/retriever.js";
import { pickFields, promptSourceFields, replayFields } from "./prompt-fields.js";
import type { ScoreInput, ScoreRecord, ScorerV1 } from "../spec/scorer.js";
import type { CachedResponse, Store } from "../spec/store.js";
import { cacheKey } from "./cache-key.js";
import { isFresh, type CachePolicy } from "./cache-policy.js";
import { abortableSleep, callModel, type CallOutcome } from "./call-model.js";
import type { EvalEventSink } from "./events.js";
import type { EvaluationResources, ModelHandle } from "./model-handle.js";
import type { EvalPlan, PlannedCandidate } from "./plan.js";
import { requestParams } from "./request-params.js";
import { ResultWriter } from "./result-writer.js";
import { Semaphore } from "./semaphore.js";
import type { TemplateRenderer } from "./template.js";

export interface ExecuteOptions {
  plan: EvalPlan;
  runId: string;
  store: Store;
  resources: EvaluationResources;
  renderer: TemplateRenderer;
  cache: CachePolicy;
  events?: EvalEventSink;
  signal?: AbortSignal;
  now?: () => number;
  /** The suite's scorers, built once per run. */
  scorers: readonly ScorerV1[];
  /** Results per store transaction. */
  batchSize?: number;
  /** How long a result write the store refuses is tried again before the run stops, ms (see ResultWriter). */
  storeRetryMs?: number;
}

export interface ExecuteOutcome {
  status: "completed" | "interrupted";
  /** Results stored for the run, earlier sessions included. */
  done: number;
}

interface CandidateRuntime {
  candidate: PlannedCandidate;
  handle: ModelHandle;
  semaphore: Semaphore;
  retriever: RetrieverV1 | null;
  request: Omit<GenerateRequest, "prompt">;
  /** The case fields the candidate's prompt reads, less replay fields: what judges are shown (`ScoreInput.given`). */
  givenFields: string[];
}

/**
 * Executes a plan: streams the cases, runs every (candidate, repeat) not already stored with bounded
 * concurrency per provider, scores, and writes results in batches as they arrive. Interrupted runs stop
 * taking work, let nothing half-done reach the store, and flush what finished.
 */
export async function executePlan(callerOptions: ExecuteOptions): Promise<ExecuteOutcome> {
  // One run-wide signal that every call listens to: lift the listener limit (a warning at 11) since
  // calls in flight are bounded by the providers' concurrency, not by 10.
  const runController = new AbortController();
  setMaxListeners(0, runController.signal);
  if (callerOptions.signal?.aborted) runController.abort();
  else callerOptions.signal?.addEventListener("abort", () => runController.abort(), { once: true });
  const options: ExecuteOptions = { ...callerOptions, signal: runController.signal };
  const { plan, store, events, signal } = options;
  const now = options.now ?? (() => performance.now());
  const done = await store.completedResultKeys(options.runId);
  const alreadyDone = done.size;
  events?.({ type: "planned", runId: options.runId, suite: plan.suite, total: plan.total, alreadyDone, candidates: plan.candidates.map((candidate) => candidate.id) });

  const runtimes = await prepareCandidates(options);
  const scorers = options.scorers;
  // A store that stays unreachable past the writer's retries stops the run: no new work, calls in
  // flight aborted, and `writer.flush()` below throws the store's error (the run is resumable).
  const writer = new ResultWriter(store, {
    batchSize: options.batchSize ?? 500,
    flushIntervalMs: 250,
    ...(options.storeRetryMs === undefined ? {} : { retryForMs: options.storeRetryMs }),
    onFailure: () => runController.abort(),
  });
  // Seeded so retry timing is reproducible in tests.
  const random = createRandom(0x7e57);
  const counters = { finished: alreadyDone, errors: 0, cached: 0, lastEmit: 0 };
  const emitProgress = (force: boolean): void => {
    const time = now();
    if (!force && time - counters.lastEmit < 100) return;
    counters.lastEmit = time;
    events?.({ type: "progress", done: counters.finished, total: plan.total, errors: counters.errors, cached: counters.cached });
  };

  const inFlight = new Set<Promise<void>>();
  let templatesChecked = false;
  let caseIndex = -1;
  for await (const row of readDataset({ path: plan.dataset.path })) {
    if ("error" in row) continue;
    caseIndex += 1;
    if (caseIndex >= plan.dataset.cases || signal?.aborted) break;
    const vars = row.vars;
    if (!templatesChecked) {
      checkTemplates(runtimes, vars);
      templatesChecked = true;
    }
    const idValue = plan.dataset.idField ? vars[plan.dataset.idField] : undefined;
    const caseId = idValue === undefined || idValue === null ? String(caseIndex) : String(idValue);
    for (const runtime of runtimes) {
      for (let repeat = 0; repeat < plan.repeats; repeat += 1) {
        if (alreadyDone > 0 && done.has(resultKey(runtime.candidate.id, caseIndex, repeat))) continue;
        const waiting = runtime.semaphore.acquire();
        if (waiting) await waiting;
        if (writer.pending > 20_000) await writer.flush();
        if (signal?.aborted) {
          runtime.semaphore.release();
          break;
        }
        const task = runTask({ runtime, caseIndex, caseId, vars, repeat, options, scorers, writer, random, now })
          .then((outcome) => {
            if (outcome === "aborted") return;
            counters.finished += 1;
            if (outcome === "error") counters.errors += 1;
            if (outcome === "cached") counters.cached += 1;
            emitProgress(false);
          })
          .finally(() => {
            runtime.semaphore.release();
            inFlight.delete(task);
          });
        inFlight.add(task);
      }
    }
  }
  await Promise.all(inFlight);
  await writer.flush();
  emitProgress(true);
  await Promise.all(runtimes.map((runtime) => runtime.retriever?.close?.()));
  return { status: signal?.aborted ? "interrupted" : "completed", done: counters.finished };
}

async function prepareCandidates(options: ExecuteOptions): Promise<CandidateRuntime[]> {
  const runtimes: CandidateRuntime[] = [];
  const semaphores = new Map<string, Semaphore>();
  const hidden = new Set(replayFields(options.plan.snapshot.config.providers));
  const now = options.now ?? (() => performance.now());
  for (const candidate of options.plan.candidates) {
    const started = now();
    options.events?.({ type: "preparing", candidate: candidate.id, provider: candidate.providerName });
    const handle = await options.resources.resolveModel(candidate.providerName);
    let semaphore = semaphores.get(candidate.providerName);
    if (!semaphore) {
      // First use of this provider in the run: train or load it once.
      await handle.model.prepare?.({
        trainingRows: trainingRows(options),
        inputField: options.plan.dataset.inputField,
        expectedField: options.plan.dataset.expectedField,
        workDir: join(options.plan.projectDir, ".tuneops", "work"),
        signal: options.signal,
      });
      semaphore = new Semaphore(handle.concurrency);
      semaphores.set(candidate.providerName, semaphore);
    }
    const retriever = candidate.retriever ? await options.resources.resolveRetriever(candidate.retriever) : null;
    await retriever?.prepare?.();
    const givenFields = promptSourceFields(candidate.template.source).filter((field) => !hidden.has(field));
    runtimes.push({ candidate, handle, semaphore, retriever, request: requestParams(candidate.params), givenFields });
    options.events?.({ type: "prepared", candidate: candidate.id, provider: candidate.providerName, ms: now() - started });
  }
  return runtimes;
}

/** The training split's rows; bad rows are reported, not silently dropped. */
async function* trainingRows(options: ExecuteOptions): AsyncIterable<Readonly<Record<string, unknown>>> {
  const path = options.plan.dataset.trainPath;
  if (path === null) return;
  const bad: number[] = [];
  for await (const row of readDataset({ path })) {
    if ("error" in row) bad.push(row.line);
    else yield row.vars;
  }
  if (bad.length > 0) {
    options.events?.({ type: "warning", message: `${path}: ${bad.length} training row(s) could not be read and were left out (lines ${bad.slice(0, 10).join(", ")}${bad.length > 10 ? ", ..." : ""})` });
  }
}

/** Renders every candidate's prompt against the first case, so a typo fails the run before any call. */
function checkTemplates(runtimes: CandidateRuntime[], vars: Readonly<Record<string, unknown>>): void {
  for (const runtime of runtimes) {
    const withContext = runtime.retriever ? { ...vars, [runtime.candidate.contextVar]: "" } : vars;
    try {
      runtime.candidate.template.render(withContext);
    } catch (error) {
      throw new TuneopsError({
        code: "config_invalid",
        message: `candidate ${runtime.candidate.id}, prompt ${runtime.candidate.template.name}: ${error instanceof Error ? error.message : String(error)}`,
        hint: error instanceof TuneopsError ? error.hint : undefined,
      });
    }
  }
}

interface TaskInput {
  runtime: CandidateRuntime;
  caseIndex: number;
  caseId: string;
  vars: Readonly<Record<string, unknown>>;
  repeat: number;
  options: ExecuteOptions;
  scorers: readonly ScorerV1[];
  writer: ResultWriter;
  random: () => number;
  now: () => number;
}

async function runTask(input: TaskInput): Promise<"ok" | "error" | "cached" | "aborted"> {
  const { runtime, options, vars } = input;
  const { handle, candidate } = runtime;
  const signal = options.signal;
  let retrieved: RetrievedPassage[] | null = null;
  let outcome: CallOutcome | undefined;
  let cached = false;
  let cacheEntry: { key: string; value: CachedResponse } | undefined;
  try {
    let promptVars = vars;
    if (runtime.retriever) {
      retrieved = await runtime.retriever.retrieve({ vars, signal });
      promptVars = { ...vars, [candidate.contextVar]: retrieved.map((passage) => passage.text).join("\n\n") };
    }
    const request: GenerateRequest = {
      ...runtime.request,
      prompt: candidate.template.render(promptVars),
      case: { id: input.caseId, vars, expected: vars[options.plan.dataset.expectedField] },
    };
    const key = options.cache.mode !== "off" && handle.cacheIdentity !== null ? cacheKey(handle.cacheIdentity, request, options.plan.repeats > 1 ? input.repeat : null) : null;
    if (key !== null && options.cache.mode === "use") {
      const hit = await options.store.cacheGet(key);
      // An expired entry is a miss; the fresh answer overwrites it.
      if (hit && isFresh(options.cache, hit.createdAt, Date.now())) {
        outcome = { text: hit.text, finishReason: hit.finishReason, usage: hit.usage, latencyMs: hit.latencyMs, ttftMs: hit.ttftMs ?? null, attempts: 0 };
        if (hit.toolCalls) outcome.toolCalls = hit.toolCalls;
        if (hit.modelVersion) outcome.modelVersion = hit.modelVersion;
        cached = true;
      }
    }
    if (!outcome) {
      outcome = await callModel(handle.model, request, handle, {
        now: input.now,
        sleep: abortableSleep,
        random: input.random,
        signal,
        onRetry: ({ attempt, delayMs, error }) =>
          options.events?.({ type: "retry", candidate: candidate.id, caseId: input.caseId, attempt, delayMs, code: error.code }),
      });
      if (key !== null) {
        const value: CachedResponse = {
          text: outcome.text,
          finishReason: outcome.finishReason,
          usage: outcome.usage,
          latencyMs: outcome.latencyMs,
          createdAt: Date.now(),
          provider: candidate.providerName,
          model: handle.model.modelId,
        };
        if (outcome.ttftMs !== null) value.ttftMs = outcome.ttftMs;
        if (outcome.toolCalls) value.toolCalls = outcome.toolCalls;
        if (outcome.modelVersion) value.modelVersion = outcome.modelVersion;
        cacheEntry = { key, value };
      }
    }
  } catch (error) {
    // An interrupted call leaves no trace: the resumed run makes it again.
    if (signal?.aborted) return "aborted";
    // The store failing (a cache read) is no case's error: it stops the run like a failed write.
    if (isTuneopsError(error) && error.code === "store_failed") {
      input.writer.fail(error);
      return "aborted";
    }
    input.writer.add(errorResult(input, toErrorData(error), retrieved));
    return "error";
  }
  const scoreInput: ScoreInput = {
    output: outcome.text,
    expected: vars[options.plan.dataset.expectedField],
    vars,
    given: pickFields(vars, runtime.givenFields),
    caseId: input.caseId,
    candidateId: candidate.id,
    latencyMs: outcome.latencyMs,
    usage: outcome.usage,
  };
  const scores: ScoreRecord[] = [];
  for (const scorer of input.scorers) {
    const record = runScorerNow(scorer, scoreInput);
    scores.push(record instanceof Promise ? await record : record);
  }
  const { breakdown } = outcome.usage;
  const result: ResultRecord = {
    runId: options.runId,
    candidateId: candidate.id,
    caseIndex: input.caseIndex,
    caseId: input.caseId,
    repeat: input.repeat,
    output: outcome.text,
    finishReason: outcome.finishReason,
    scores,
    pass: scores.length === 0 ? null : scores.every((score) => score.pass),
    score: weightedScore(scores),
    latencyMs: outcome.latencyMs,
    ttftMs: outcome.ttftMs,
    inputTokens: outcome.usage.inputTokens,
    outputTokens: outcome.usage.outputTokens,
    cacheReadTokens: breakdown.cacheReadTokens ?? null,
    cacheWriteTokens: breakdown.cacheWriteTokens ?? null,
    reasoningTokens: breakdown.reasoningTokens ?? null,
    costUsd: handle.pricing.costOf(outcome.usage),
    cached,
    error: null,
    retrieved,
    createdAt: Date.now(),
  };
  if (outcome.modelVersion) result.modelVersion = outcome.modelVersion;
  input.writer.add(result, cacheEntry);
  return cached ? "cached" : "ok";
}

function errorResult(input: TaskInput, error: ResultRecord["error"], retrieved: RetrievedPassage[] | null): ResultRecord {
  return {
    runId: input.options.runId,
    candidateId: input.runtime.candidate.id,
    caseIndex: input.caseIndex,
    caseId: input.caseId,
    repeat: input.repeat,
    output: null,
    finishReason: null,
    scores: [],
    pass: null,
    score: null,
    latencyMs: null,
    ttftMs: null,
    inputTokens: null,
    outputTokens: null,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    costUsd: null,
    cached: false,
    error,
    retrieved,
    createdAt: Date.now(),
  };
}

/** Weighted mean of the scores that exist; null when there are none (or all weights are zero). */
export function weightedScore(scores: readonly ScoreRecord[]): number | null {
  let total = 0;
  let weights = 0;
  for (const score of scores) {
    if (score.score === null) continue;
    total += score.score * score.weight;
    weights += score.weight;
  }
  return weights > 0 ? total / weights : null;
}

