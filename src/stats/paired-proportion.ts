import { TuneopsError } from "../spec/errors.js";
import { wilsonInterval } from "./wilson-interval.js";

/** The 2 × 2 table of two pass/fail outcomes on the same cases. */
export interface PairedCounts {
  /** Cases both passed. */
  both: number;
  /** Cases only A passed (b01 in McNemar's notation). */
  onlyA: number;
  /** Cases only B passed (b10). */
  onlyB: number;
  /** Cases neither passed. */
  neither: number;
}

export interface PairedProportionDifference {
  /** Pass rate of A minus pass rate of B: (onlyA − onlyB) / n. NaN with no cases. */
  estimate: number;
  low: number;
  high: number;
  rateA: number;
  rateB: number;
  n: number;
}

/**
 * Interval for the difference of two pass rates measured on the same cases: Newcombe's method 10
 * ("Improved confidence intervals for the difference between binomial proportions based on paired
 * data", Statistics in Medicine 17, 1998), which combines the Wilson intervals of the two rates with the
 * correlation φ of the pairs (its numerator AD − BC shrunk by n/2 toward 0 when positive, as the paper
 * does). Chosen over the simple paired Wald interval, which degenerates to zero width when no pair is
 * discordant and can leave [−1, 1]; this one stays inside [−1, 1] and keeps its coverage at small n.
 */
export function pairedProportionDifference(counts: PairedCounts, confidence = 0.95): PairedProportionDifference {
  const { both, onlyA, onlyB, neither } = counts;
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new TuneopsError({ code: "input_invalid", message: `pairedProportionDifference: ${name} must be a count (integer >= 0), got ${value}` });
    }
  }
  const n = both + onlyA + onlyB + neither;
  if (n === 0) return { estimate: NaN, low: NaN, high: NaN, rateA: NaN, rateB: NaN, n: 0 };
  const passA = both + onlyA;
  const passB = both + onlyB;
  const rateA = passA / n;
  const rateB = passB / n;
  const estimate = rateA - rateB;
  const a = wilsonInterval(passA, n, confidence);
  const b = wilsonInterval(passB, n, confidence);
  const phi = correlation(counts, n);
  const belowA = rateA - a.low;
  const aboveA = a.high - rateA;
  const belowB = rateB - b.low;
  const aboveB = b.high - rateB;
  const lowHalf = Math.sqrt(Math.max(0, belowA * belowA - 2 * phi * belowA * aboveB + aboveB * aboveB));
  const highHalf = Math.sqrt(Math.max(0, belowB * belowB - 2 * phi * belowB * aboveA + aboveA * aboveA));
  return {
    estimate,
    low: Math.max(-1, Math.min(estimate, estimate - lowHalf)),
    high: Math.min(1, Math.max(estimate, estimate + highHalf)),
    rateA,
    rateB,
    n,
  };
}

/** Newcombe's continuity-corrected φ of the 2 × 2 table; 0 when a margin is empty. */
function correlation(counts: PairedCounts, n: number): number {
  const { both, onlyA, onlyB, neither } = counts;
  const denominator = (both + onlyA) * (onlyB + neither) * (both + onlyB) * (onlyA + neither);
  if (denominator === 0) return 0;
  const numerator = both * neither - onlyA * onlyB;
  const corrected = numerator > n / 2 ? numerator - n / 2 : numerator < 0 ? numerator : 0;
  return corrected / Math.sqrt(denominator);
}
