import { TuneopsError } from "../spec/errors.js";
import { normalQuantile } from "./normal-quantile.js";

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion: stays inside [0, 1] and keeps its coverage near 0 and 1 and
 * for small n, where the normal (Wald) interval fails. With n = 0 nothing is known: [0, 1].
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (!(n >= 0) || !Number.isFinite(n)) throw new TuneopsError({ code: "input_invalid", message: `wilsonInterval: n must be a finite number >= 0, got ${n}` });
  if (!(successes >= 0 && successes <= n)) {
    throw new TuneopsError({ code: "input_invalid", message: `wilsonInterval: successes must be in [0, n], got ${successes} of ${n}` });
  }
  checkConfidence(confidence);
  if (n === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const proportion = successes / n;
  const denominator = 1 + z2 / n;
  const center = (proportion + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((proportion * (1 - proportion)) / n + z2 / (4 * n * n));
  // Pin the exact ends: all failures has low 0 and all successes high 1, whatever the rounding.
  const low = successes === 0 ? 0 : Math.min(proportion, Math.max(0, center - half));
  const high = successes === n ? 1 : Math.max(proportion, Math.min(1, center + half));
  return { low, high };
}

export function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new TuneopsError({ code: "input_invalid", message: `confidence must be in (0, 1), got ${confidence}` });
  }
}
