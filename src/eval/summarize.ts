import { meanIntervalOf } from "../stats/mean-interval.js";
import { QuantileSketch } from "../stats/quantile-sketch.js";
import { Reservoir } from "../stats/reservoir.js";
import { RunningStats } from "../stats/running-stats.js";
import { wilsonInterval } from "../stats/wilson-interval.js";
import type { ResultRecord } from "../spec/result.js";
import type { CandidateSummary, EfficiencySummary, LatencyStats, MetricSummary, ModelVersionCount, RunSummary } from "../spec/run-summary.js";
import type { RunRecord, Store } from "../spec/store.js";
import { evaluateGates } from "./gates.js";
import { compareCandidates, type ComparedSide } from "./compare.js";
import { QualityAccumulator, type MetricSlots } from "./quality-accumulator.js";
import { clusteredMeanInterval } from "../stats/clustered.js";
import type { ScorerV1 } from "../spec/scorer.js";
import type { EvalPlan } from "./plan.js";

/** A failing case kept as an example for reports (the first few per candidate). */
export interface FailureExample {
  candidate: string;
  caseId: string;
  output: string | null;
  reason: string;
}

/** How many failing cases per candidate a summary keeps as examples. */
const failureExamples = 5;

export interface CandidateInfo {
  id: string;
  provider: string;
  model: string;
  prompt: string | null;
  labels: string[];
  priceSource: string | null;
}

/**
 * Summarises a run from its stored results, one candidate at a time, streamed: means and intervals from
 * running statistics, latency percentiles from a `QuantileSketch` (exact up to 16,384 calls, within 0.1%
 * past that); what grows with the run is the per-case values that paired comparisons need (8 bytes a case
 * and metric), not the outputs.
 */
export async function summarizeRun(options: {
  store: Store;
  run: RunRecord;
  plan: EvalPlan;
  candidates: CandidateInfo[];
  skipped: { candidate: string; reason: string }[];
  /** The suite's scorers (corpus metrics, thresholds). */
  scorers: readonly ScorerV1[];
}): Promise<{ summary: RunSummary; failures: FailureExample[] }> {
  const { store, run, plan } = options;
  const candidates: CandidateSummary[] = [];
  const failures: FailureExample[] = [];
  const sides: ComparedSide[] = [];
  for (const info of options.candidates) {
    const summarized = await summarizeCandidate(store.readResults(run.id, { candidateId: info.id }), info, {
      failures,
      scorers: options.scorers,
      cases: plan.dataset.cases,
      repeats: plan.repeats,
    });
    candidates.push(summarized.summary);
    sides.push({ id: info.id, slots: summarized.slots });
  }
  const [reference, ...others] = sides;
  const comparisons = reference ? others.flatMap((other) => compareCandidates(reference, other, plan.repeats)) : [];
  const summary: RunSummary = {
    schema_version: 1,
    run: {
      id: run.id,
      project: run.project,
      suite: run.suite,
      status: run.status,
      created_at: new Date(run.createdAt).toISOString(),
      ended_at: run.endedAt === null ? null : new Date(run.endedAt).toISOString(),
      simulated: options.candidates.some((candidate) => candidate.labels.includes("simulated")),
    },
    dataset: { name: plan.dataset.name, path: plan.dataset.path, hash: plan.dataset.hash, cases: plan.dataset.cases },
    repeats: plan.repeats,
    candidates,
    skipped: options.skipped,
    gates: [],
  };
  if (comparisons.length > 0) summary.comparisons = comparisons;
  summary.gates = evaluateGates(plan.gates, summary);
  return { summary, failures };
}

interface ScorerAccumulator {
  values: RunningStats;
  passes: number;
  binary: boolean;
}

export async function summarizeCandidate(
  results: AsyncIterable<ResultRecord>,
  info: CandidateInfo,
  options: { failures: FailureExample[]; scorers: readonly ScorerV1[]; cases: number; repeats: number },
): Promise<{ summary: CandidateSummary; slots: MetricSlots[] }> {
  const failures = options.failures;
  const quality = new QualityAccumulator({ scorers: options.scorers, cases: options.cases, repeats: options.repeats });
  let examples = 0;
  let n = 0;
  let errors = 0;
  let passes = 0;
  let judged = 0;
  let cachedResults = 0;
  let inputTotal = 0;
  let outputTotal = 0;
  let usageCount = 0;
  let costTotal = 0;
  let costCount = 0;
  const errorCodes: Record<string, number> = {};
  const scores = new RunningStats();
  const latencies = new QuantileSketch();
  const ttfts = new QuantileSketch();
  let speedTotal = 0;
  let speedCount = 0;
  const reservoir = new Reservoir({ capacity: 2000, seed: 1 });
  const byScorer = new Map<string, ScorerAccumulator>();
  const versions = new Map<string, ModelVersionCount>();

  for await (const result of results) {
    n += 1;
    quality.add(result);
    if (result.error) {
      errors += 1;
      errorCodes[result.error.code] = (errorCodes[result.error.code] ?? 0) + 1;
    }
    if (result.pass !== null || result.error) {
      judged += 1;
      if (result.pass === true) passes += 1;
      else if (examples < failureExamples) {
        examples += 1;
        failures.push({ candidate: info.id, caseId: result.caseId, output: result.output, reason: failureReason(result) });
      }
    }
    if (result.score !== null) scores.push(result.score);
    for (const score of result.scores) {
      let accumulator = byScorer.get(score.name);
      if (!accumulator) byScorer.set(score.name, (accumulator = { values: new RunningStats(), passes: 0, binary: true }));
      if (score.score !== null) {
        accumulator.values.push(score.score);
        if (score.score !== 0 && score.score !== 1) accumulator.binary = false;
      }
      if (score.pass) accumulator.passes += 1;
    }
    if (result.inputTokens !== null && result.outputTokens !== null) {
      inputTotal += result.inputTokens;
      outputTotal += result.outputTokens;
      usageCount += 1;
    }
    if (result.costUsd !== null) {
      costTotal += result.costUsd;
      costCount += 1;
    }
    if (result.modelVersion !== undefined) {
      let version = versions.get(result.modelVersion);
      if (!version) versions.set(result.modelVersion, (version = { version: result.modelVersion, results: 0, cached: 0 }));
      version.results += 1;
      if (result.cached) version.cached += 1;
    }
    if (result.cached) cachedResults += 1;
    else if (result.latencyMs !== null) {
      latencies.add(result.latencyMs);
      reservoir.add(result.latencyMs);
      if (result.ttftMs !== null) ttfts.add(result.ttftMs);
      const decodeMs = result.latencyMs - (result.ttftMs ?? 0);
      if (result.outputTokens && decodeMs > 0) {
        speedTotal += result.outputTokens / (decodeMs / 1000);
        speedCount += 1;
      }
    }
  }

  const extras = quality.finish();
  const metrics: MetricSummary[] = [];
  if (judged > 0) {
    const passSlots = extras.slots.find((slot) => slot.name === "pass_rate");
    metrics.push(options.repeats > 1 && passSlots ? clusteredMetric("pass_rate", passSlots.values, options.repeats, "proportion") : proportionMetric("pass_rate", passes, judged));
  }
  if (scores.count > 0) metrics.push(meanMetric("score", scores));
  for (const [name, accumulator] of byScorer) {
    const slots = extras.slots.find((slot) => slot.name === name);
    if (options.repeats > 1 && slots) metrics.push(clusteredMetric(name, slots.values, options.repeats, accumulator.binary ? "proportion" : "mean"));
    else metrics.push(accumulator.binary ? proportionMetric(name, accumulator.passes, accumulator.values.count) : meanMetric(name, accumulator.values));
  }
  metrics.push(...extras.corpusMetrics);
  const succeeded = n - errors;
  const costKnown = costCount > 0 && costCount === succeeded;
  const efficiency: EfficiencySummary = {
    latency_ms: latencyStats(latencies),
    ttft_ms: ttfts.count > 0 ? latencyStats(ttfts) : null,
    output_tokens_per_second: speedCount > 0 ? speedTotal / speedCount : null,
    input_tokens_total: inputTotal,
    output_tokens_total: outputTotal,
    input_tokens_mean: usageCount > 0 ? inputTotal / usageCount : null,
    output_tokens_mean: usageCount > 0 ? outputTotal / usageCount : null,
    cost_usd_total: costKnown ? costTotal : null,
    cost_per_request_usd: costKnown ? costTotal / costCount : null,
    cost_per_1k_requests_usd: costKnown ? (costTotal / costCount) * 1000 : null,
    price_source: info.priceSource,
    cached_results: cachedResults,
    latency_sample_ms: Array.from(reservoir.values(), (value) => Math.round(value * 1000) / 1000),
  };
  const summary: CandidateSummary = {
    id: info.id,
    provider: info.provider,
    model: info.model,
    prompt: info.prompt,
    labels: info.labels,
    n,
    errors,
    error_codes: errorCodes,
    metrics,
    efficiency,
  };
  if (extras.classification.length > 0) summary.classification = extras.classification;
  if (extras.labelRates.length > 0) summary.label_rates = extras.labelRates;
  if (extras.judgeConsistency.length > 0) summary.judge_consistency = extras.judgeConsistency;
  if (extras.consistency) summary.consistency = extras.consistency;
  if (versions.size > 0) summary.model_versions = [...versions.values()].sort((a, b) => b.results - a.results || a.version.localeCompare(b.version));
  return { summary, slots: extras.slots };
}

/**
 * A metric over repeated cases: the case is the cluster (Miller 2024), so repeats do not shrink the
 * interval falsely. For rates the interval is widened to contain the Wilson interval, which keeps a
 * width when every attempt agrees (the clustered standard error is then 0).
 */
function clusteredMetric(name: string, values: Float64Array, repeats: number, kind: "proportion" | "mean"): MetricSummary {
  const observed: number[] = [];
  const clusters: number[] = [];
  values.forEach((value, slot) => {
    if (Number.isNaN(value)) return;
    observed.push(value);
    clusters.push(Math.floor(slot / repeats));
  });
  if (observed.length === 0) return { name, kind, n: 0, mean: null, ci_low: null, ci_high: null, method: "clustered" };
  const interval = clusteredMeanInterval(observed, clusters);
  let low = interval.low;
  let high = interval.high;
  if (kind === "proportion") {
    const successes = observed.reduce((sum, value) => sum + value, 0);
    const wilson = wilsonInterval(successes, observed.length);
    low = Number.isFinite(low) ? Math.min(low, wilson.low) : wilson.low;
    high = Number.isFinite(high) ? Math.max(high, wilson.high) : wilson.high;
  }
  const bounded = observed.every((value) => value >= 0 && value <= 1);
  const clamp = (value: number): number | null => (Number.isFinite(value) ? (bounded ? Math.min(1, Math.max(0, value)) : value) : null);
  return { name, kind, n: observed.length, mean: interval.mean, ci_low: clamp(low), ci_high: clamp(high), method: "clustered" };
}

function proportionMetric(name: string, successes: number, n: number): MetricSummary {
  if (n === 0) return { name, kind: "proportion", n, mean: null, ci_low: null, ci_high: null, method: "wilson" };
  const interval = wilsonInterval(successes, n);
  return { name, kind: "proportion", n, mean: successes / n, ci_low: interval.low, ci_high: interval.high, method: "wilson" };
}

function meanMetric(name: string, values: RunningStats): MetricSummary {
  if (values.count === 0) return { name, kind: "mean", n: 0, mean: null, ci_low: null, ci_high: null, method: "t" };
  const interval = meanIntervalOf({ n: values.count, mean: values.mean, sd: values.sd });
  // Scores on [0, 1] cannot have a mean outside it: clamp the t interval to the scale.
  const bounded = values.min >= 0 && values.max <= 1;
  const finite = (value: number): number | null => (Number.isFinite(value) ? (bounded ? Math.min(1, Math.max(0, value)) : value) : null);
  return { name, kind: "mean", n: values.count, mean: interval.mean, ci_low: finite(interval.low), ci_high: finite(interval.high), method: "t" };
}

function latencyStats(values: QuantileSketch): LatencyStats {
  if (values.count === 0) return { n: 0, mean: null, p50: null, p95: null, p99: null, max: null };
  const [p50, p95, p99] = values.quantiles([0.5, 0.95, 0.99]) as [number, number, number];
  return { n: values.count, mean: values.mean, p50, p95, p99, max: values.max };
}

function failureReason(result: ResultRecord): string {
  if (result.error) return `${result.error.code}: ${result.error.message}`;
  return result.scores
    .filter((score) => !score.pass)
    .map((score) => {
      const value = score.score === null ? "" : ` = ${Number.isInteger(score.score) ? score.score : score.score.toFixed(3)}`;
      return `${score.name}${value}${score.reason ? ` (${score.reason})` : ""}${score.error ? ` failed: ${score.error.message}` : ""}`;
    })
    .join("; ");
}
