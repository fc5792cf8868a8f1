import { studentTQuantile } from "./student-t.js";
import { checkConfidence } from "./wilson-interval.js";

export interface MeanInterval {
  mean: number;
  /** Lower end of the interval; NaN when n < 2 (no spread to estimate). */
  low: number;
  /** Upper end of the interval; NaN when n < 2. */
  high: number;
  n: number;
  /** Sample standard deviation (n - 1 denominator); NaN when n < 2. */
  sd: number;
}

/**
 * Mean with a Student's t interval: mean ± t(1 - α/2, n - 1) · sd / √n. For n = 0 every figure is NaN;
 * callers render NaN as "no data" (null in JSON).
 */
export function meanInterval(values: ArrayLike<number>, confidence = 0.95): MeanInterval {
  checkConfidence(confidence);
  const n = values.length;
  if (n === 0) return { mean: NaN, low: NaN, high: NaN, n: 0, sd: NaN };
  // Two passes: the mean first, then squared deviations, which avoids cancellation in sum-of-squares.
  let sum = 0;
  for (let index = 0; index < n; index++) sum += values[index] as number;
  const mean = sum / n;
  if (n === 1) return { mean, low: NaN, high: NaN, n, sd: NaN };
  let squares = 0;
  for (let index = 0; index < n; index++) {
    const deviation = (values[index] as number) - mean;
    squares += deviation * deviation;
  }
  return meanIntervalOf({ n, mean, sd: Math.sqrt(squares / (n - 1)) }, confidence);
}

/**
 * The same t interval from a summary (count, mean, sample standard deviation), for values streamed
 * through `RunningStats` instead of kept.
 */
export function meanIntervalOf(summary: { n: number; mean: number; sd: number }, confidence = 0.95): MeanInterval {
  checkConfidence(confidence);
  const { n, mean, sd } = summary;
  if (n === 0) return { mean: NaN, low: NaN, high: NaN, n: 0, sd: NaN };
  if (n === 1) return { mean, low: NaN, high: NaN, n, sd: NaN };
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  // With every value equal the interval is the point itself.
  if (half === 0) return { mean, low: mean, high: mean, n, sd };
  return { mean, low: Math.min(mean, mean - half), high: Math.max(mean, mean + half), n, sd };
}
