import { TuneopsError } from "../spec/errors.js";
import { chiSquareOneSurvival } from "./normal-cdf.js";
import { pairedProportionDifference, type PairedProportionDifference } from "./paired-proportion.js";
import { studentTCdf, studentTQuantile } from "./student-t.js";
import { checkConfidence } from "./wilson-interval.js";

export interface PairedDifference {
  n: number;
  meanA: number;
  meanB: number;
  /** Mean of the per-case differences a[i] − b[i] (= meanA − meanB). */
  meanDifference: number;
  /** Sample standard deviation of the per-case differences; NaN when n < 2. */
  sdDifference: number;
  /** Standard error of the mean difference, sd / √n; NaN when n < 2. */
  se: number;
  low: number;
  high: number;
  /** Paired t statistic, meanDifference / se; ±Infinity when every difference is the same non-zero value. */
  t: number;
  /** Degrees of freedom, n − 1. */
  df: number;
  /** Two-sided p-value of Student's t test on the differences (H0: mean difference 0). */
  pValue: number;
  /**
   * Pearson correlation of a and b across cases (NaN if either is constant). Miller (2024) asks for it
   * beside every comparison: the higher it is, the more pairing narrows the interval.
   */
  correlation: number;
}

function checkPaired(a: ArrayLike<unknown>, b: ArrayLike<unknown>, name: string): void {
  if (a.length !== b.length) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `${name}: a has ${a.length} cases and b has ${b.length}; a paired comparison needs both on the same cases, in the same order`,
    });
  }
}

/**
 * Paired comparison of two candidates on the same cases (a[i] and b[i] score case i), as Miller,
 * "Adding Error Bars to Evals" (2024) recommends: the per-case differences d_i = a_i − b_i carry the
 * comparison, so case difficulty, shared by both, drops out of the variance. Reports mean(d) with the
 * Student's t interval mean(d) ± t(1 − α/2, n − 1) · sd(d)/√n and the two-sided paired t test.
 * For several values per case (repeats), average them per case first so the case is the unit.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], confidence = 0.95): PairedDifference {
  checkConfidence(confidence);
  checkPaired(a, b, "pairedDifference");
  const n = a.length;
  let sumA = 0;
  let sumB = 0;
  for (let index = 0; index < n; index++) {
    const valueA = a[index] as number;
    const valueB = b[index] as number;
    if (!Number.isFinite(valueA) || !Number.isFinite(valueB)) {
      throw new TuneopsError({ code: "input_invalid", message: `pairedDifference: case ${index} has a=${valueA}, b=${valueB}; both must be finite numbers` });
    }
    sumA += valueA;
    sumB += valueB;
  }
  const meanA = n === 0 ? NaN : sumA / n;
  const meanB = n === 0 ? NaN : sumB / n;
  const meanDifference = meanA - meanB;
  const df = n - 1;
  if (n < 2) {
    return { n, meanA, meanB, meanDifference, sdDifference: NaN, se: NaN, low: NaN, high: NaN, t: NaN, df: Math.max(0, df), pValue: NaN, correlation: NaN };
  }
  // Second pass: deviations of the differences and of each side (for the correlation).
  let squaresDifference = 0;
  let squaresA = 0;
  let squaresB = 0;
  let products = 0;
  for (let index = 0; index < n; index++) {
    const deviationA = (a[index] as number) - meanA;
    const deviationB = (b[index] as number) - meanB;
    const deviation = deviationA - deviationB;
    squaresDifference += deviation * deviation;
    squaresA += deviationA * deviationA;
    squaresB += deviationB * deviationB;
    products += deviationA * deviationB;
  }
  const sdDifference = Math.sqrt(squaresDifference / df);
  const se = sdDifference / Math.sqrt(n);
  const correlation = squaresA > 0 && squaresB > 0 ? Math.max(-1, Math.min(1, products / Math.sqrt(squaresA * squaresB))) : NaN;
  if (se === 0) {
    // Every difference is the same: no spread to test against. Equal means: nothing to detect (p = 1).
    const t = meanDifference === 0 ? NaN : meanDifference > 0 ? Infinity : -Infinity;
    return { n, meanA, meanB, meanDifference, sdDifference, se, low: meanDifference, high: meanDifference, t, df, pValue: meanDifference === 0 ? 1 : 0, correlation };
  }
  const t = meanDifference / se;
  const pValue = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return {
    n,
    meanA,
    meanB,
    meanDifference,
    sdDifference,
    se,
    low: Math.min(meanDifference, meanDifference - half),
    high: Math.max(meanDifference, meanDifference + half),
    t,
    df,
    pValue,
    correlation,
  };
}

export interface McNemarResult {
  n: number;
  /** Cases only A passed (b01). */
  onlyA: number;
  /** Cases only B passed (b10). */
  onlyB: number;
  /** Cases both passed. */
  both: number;
  /** Cases neither passed. */
  neither: number;
  /** McNemar's chi-square with continuity correction, max(0, |onlyA − onlyB| − 1)² / (onlyA + onlyB); 0 with no discordant pair. */
  statistic: number;
  /** Two-sided p-value: exact binomial when `exact`, else chi-square(1) of `statistic`. */
  pValue: number;
  /** Whether the p-value is the exact binomial test (fewer than 25 discordant pairs). */
  exact: boolean;
  /** Pass rate of A minus pass rate of B with Newcombe's paired interval. */
  difference: PairedProportionDifference;
}

/** Below this many discordant pairs the chi-square approximation is poor and the exact test is cheap. */
const exactBelow = 25;

/**
 * McNemar's test of two pass/fail outcomes on the same cases (a[i], b[i]: did A, B pass case i). Only the
 * discordant pairs inform it: under H0 (equal pass rates) each is equally likely to favour A or B. With
 * fewer than 25 discordant pairs the p-value is the exact two-sided binomial test,
 * min(1, 2 · P(X ≤ min(onlyA, onlyB))) with X ~ Binomial(onlyA + onlyB, 1/2); from 25 up it is the
 * chi-square(1) survival of the continuity-corrected statistic (Edwards 1948), computed through the
 * normal as P = 2 · (1 − Φ(√statistic)). The statistic is the one R's `mcnemar.test` reports, except that
 * |onlyA − onlyB| − 1 is floored at 0 so equal counts give 0 rather than 1 / discordant.
 */
export function mcnemar(a: readonly boolean[], b: readonly boolean[], confidence = 0.95): McNemarResult {
  checkConfidence(confidence);
  checkPaired(a, b, "mcnemar");
  let both = 0;
  let onlyA = 0;
  let onlyB = 0;
  let neither = 0;
  for (let index = 0; index < a.length; index++) {
    const passA = a[index] === true;
    const passB = b[index] === true;
    if (passA && passB) both++;
    else if (passA) onlyA++;
    else if (passB) onlyB++;
    else neither++;
  }
  const discordant = onlyA + onlyB;
  const excess = Math.max(0, Math.abs(onlyA - onlyB) - 1);
  const statistic = discordant === 0 ? 0 : (excess * excess) / discordant;
  const exact = discordant < exactBelow;
  const pValue = exact ? exactBinomialHalf(Math.min(onlyA, onlyB), discordant) : chiSquareOneSurvival(statistic);
  const difference = pairedProportionDifference({ both, onlyA, onlyB, neither }, confidence);
  return { n: a.length, onlyA, onlyB, both, neither, statistic, pValue, exact, difference };
}

/** Two-sided exact binomial test with p = 1/2: min(1, 2 · P(X ≤ smaller)), X ~ Binomial(trials, 1/2). */
function exactBinomialHalf(smaller: number, trials: number): number {
  if (trials === 0) return 1;
  // Σ_{i ≤ smaller} C(trials, i), built term by term; exact in doubles for trials < 25 (C(24, 12) < 2^53).
  let term = 1;
  let tail = 1;
  for (let index = 1; index <= smaller; index++) {
    term = (term * (trials - index + 1)) / index;
    tail += term;
  }
  return Math.min(1, (2 * tail) / 2 ** trials);
}
