import type { ComparisonSummary } from "../spec/run-summary.js";
import { mcnemar } from "../stats/paired.js";
import { pairedDifference } from "../stats/paired.js";
import { minimumDetectableEffect, requiredSampleSize } from "../stats/power.js";
import type { MetricSlots } from "./quality-accumulator.js";

/** One side of a comparison: a candidate's per-slot values by metric. */
export interface ComparedSide {
  id: string;
  slots: readonly MetricSlots[];
}

/** Significance level of every comparison, and the power the sample-size advice aims at. */
const alpha = 0.05;
const power = 0.8;

/**
 * Compares `b` with `a` on every metric both have, over the slots (case, repeat) both have a value
 * for. With repeats, values are averaged per case first, so the case is the unit (the clustered
 * analysis of Miller 2024 for paired differences). Pass/fail metrics without repeats use McNemar's
 * test for the p-value; everything else the paired t-test. The interval is always that of the mean
 * paired difference.
 */
export function compareCandidates(a: ComparedSide, b: ComparedSide, repeats: number): ComparisonSummary[] {
  const comparisons: ComparisonSummary[] = [];
  for (const seriesA of a.slots) {
    const seriesB = b.slots.find((entry) => entry.name === seriesA.name);
    if (!seriesB || seriesA.values.length !== seriesB.values.length) continue;
    const { valuesA, valuesB } = pairUp(seriesA.values, seriesB.values, repeats);
    if (valuesA.length < 2) continue;
    const binary = seriesA.binary && seriesB.binary && repeats === 1;
    comparisons.push(comparePaired({ a: a.id, b: b.id, metric: seriesA.name, valuesA, valuesB, binary }));
  }
  return comparisons;
}

/** Values present on both sides, averaged per case when cases are repeated. */
export function pairUp(left: Float64Array, right: Float64Array, repeats: number): { valuesA: number[]; valuesB: number[] } {
  const valuesA: number[] = [];
  const valuesB: number[] = [];
  for (let start = 0; start < left.length; start += repeats) {
    let sumA = 0;
    let sumB = 0;
    let count = 0;
    for (let slot = start; slot < start + repeats; slot += 1) {
      const valueA = left[slot] ?? Number.NaN;
      const valueB = right[slot] ?? Number.NaN;
      if (Number.isNaN(valueA) || Number.isNaN(valueB)) continue;
      sumA += valueA;
      sumB += valueB;
      count += 1;
    }
    if (count === 0) continue;
    valuesA.push(sumA / count);
    valuesB.push(sumB / count);
  }
  return { valuesA, valuesB };
}

export function comparePaired(options: { a: string; b: string; metric: string; valuesA: readonly number[]; valuesB: readonly number[]; binary: boolean }): ComparisonSummary {
  const { valuesA, valuesB } = options;
  const paired = pairedDifference(valuesA, valuesB, 1 - alpha);
  // pairedDifference reports a - b; comparisons read as "b against the reference a".
  let difference = -paired.meanDifference;
  let low = -paired.high;
  let high = -paired.low;
  let pValue = paired.pValue;
  let test: ComparisonSummary["test"] = "paired-t";
  if (options.binary) {
    // Pass/fail: McNemar's test, and Newcombe's interval for the paired difference of two rates (the t
    // interval of 0/1 differences can leave [-1, 1] on small samples).
    const result = mcnemar(valuesA.map((value) => value === 1), valuesB.map((value) => value === 1), 1 - alpha);
    pValue = result.pValue;
    test = "mcnemar";
    difference = -result.difference.estimate;
    low = -result.difference.high;
    high = -result.difference.low;
  }
  if (!Number.isFinite(pValue)) pValue = 1;
  const verdict: ComparisonSummary["verdict"] = pValue < alpha && difference !== 0 ? (difference > 0 ? "b" : "a") : "tie";
  const n = valuesA.length;
  // The power of a paired comparison depends on the spread of the per-case differences.
  const spread = Number.isFinite(paired.sdDifference) && paired.sdDifference > 0 ? paired.sdDifference : null;
  const mde = spread === null ? null : minimumDetectableEffect({ n, sdDifference: spread, alpha, power, paired: true });
  const casesNeeded =
    verdict === "tie" && spread !== null && difference !== 0
      ? requiredSampleSize({ effect: Math.abs(difference), sdDifference: spread, alpha, power, paired: true })
      : null;
  return {
    a: options.a,
    b: options.b,
    metric: options.metric,
    n,
    mean_a: paired.meanA,
    mean_b: paired.meanB,
    difference,
    ci_low: low,
    ci_high: high,
    p_value: pValue,
    test,
    verdict,
    minimum_detectable_effect: mde,
    cases_needed: casesNeeded,
    statement: statementOf({ a: options.a, b: options.b, metric: options.metric, n, difference, low, high, pValue, verdict, casesNeeded }),
  };
}

function statementOf(options: {
  a: string;
  b: string;
  metric: string;
  n: number;
  difference: number;
  low: number;
  high: number;
  pValue: number;
  verdict: ComparisonSummary["verdict"];
  casesNeeded: number | null;
}): string {
  // Every compared metric is on [0, 1] (pass rates and scores): differences read as percentage points.
  const figure = (value: number): string => `${(value * 100).toFixed(1)} points`;
  const interval = `[${signed(options.low)}, ${signed(options.high)}]`;
  const p = options.pValue < 0.001 ? "p < 0.001" : `p = ${options.pValue.toFixed(3)}`;
  if (options.verdict !== "tie") {
    const better = options.verdict === "b" ? options.b : options.a;
    const worse = options.verdict === "b" ? options.a : options.b;
    return `${better} is better than ${worse} on ${options.metric} by ${figure(Math.abs(options.difference))} (difference ${interval}, ${p}, n = ${options.n})`;
  }
  const needed = options.casesNeeded === null ? "" : `; about ${options.casesNeeded} cases needed to detect a difference of ${figure(Math.abs(options.difference))}`;
  return `cannot tell ${options.b} and ${options.a} apart on ${options.metric} with n = ${options.n} (difference ${interval}, ${p})${needed}`;
}

function signed(value: number): string {
  return `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}`;
}
