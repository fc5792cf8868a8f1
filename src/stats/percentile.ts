import { TuneopsError } from "../spec/errors.js";

/**
 * The q-quantile (q in [0, 1]) of values sorted ascending, by linear interpolation between closest
 * ranks: numpy's default method ("linear", type 7 of Hyndman & Fan). NaN for an empty input.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new TuneopsError({ code: "input_invalid", message: `quantile: q must be in [0, 1], got ${q}` });
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (n - 1) * q;
  const lowIndex = Math.floor(position);
  const low = sorted[lowIndex] as number;
  if (lowIndex >= n - 1) return low;
  const high = sorted[lowIndex + 1] as number;
  if (low === high) return low;
  const value = low + (position - lowIndex) * (high - low);
  // Clamp to the segment so rounding can never make the result decrease as q grows.
  return Math.min(Math.max(value, low), high);
}

/** The p-th percentile (p in [0, 100]) of values sorted ascending; see `quantile`. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new TuneopsError({ code: "input_invalid", message: `percentile: p must be in [0, 100], got ${p}` });
  return quantile(sorted, p / 100);
}

/** Several quantiles (each q in [0, 1]) of unsorted values; sorts one copy. */
export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => quantile(sorted, q));
}
