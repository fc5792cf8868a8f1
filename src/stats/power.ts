import { TuneopsError } from "../spec/errors.js";
import { normalQuantile } from "./normal-quantile.js";

/**
 * Power analysis for comparing two candidates (Miller, "Adding Error Bars to Evals", 2024, section on
 * power): with a two-sided test at level α and power 1 − β, a difference δ is detected when
 *
 *   n = (z_{1−α/2} + z_{1−β})² · Var_diff / δ²      and so      MDE(n) = (z_{1−α/2} + z_{1−β}) · √(Var_diff / n)
 *
 * where Var_diff is the variance of one case's contribution to the difference:
 *   - unpaired (each candidate on its own n cases): σ_A² + σ_B² = 2σ²;
 *   - paired (both on the same n cases, correlation ρ of their per-case scores): 2σ²(1 − ρ);
 *   - or measured directly as the variance of the per-case differences (`sdDifference`), which is what a
 *     finished paired comparison knows.
 * σ² is `sd`² for a continuous metric or p(1 − p) for a pass rate `baseRate`. The normal quantiles make
 * this the large-sample formula; below about 30 cases the t test needs slightly more.
 */
export interface PowerDesign {
  /** Standard deviation of the metric for one case and one candidate (continuous metrics). */
  sd?: number;
  /** Expected pass rate in (0, 1); the per-case variance is p(1 − p). */
  baseRate?: number;
  /** Standard deviation of the per-case differences A − B, measured; implies a paired design. */
  sdDifference?: number;
  /** Two-sided significance level; 0.05 by default. */
  alpha?: number;
  /** Probability of detecting a true difference of the given size; 0.8 by default. */
  power?: number;
  /** Both candidates scored on the same cases (the default design of `tuneops eval` suites); false by default. */
  paired?: boolean;
  /** Correlation ρ in [−1, 1] of the two candidates' per-case scores, for paired designs; 0 (conservative) by default. */
  correlation?: number;
}

function invalid(message: string, hint?: string): TuneopsError {
  return new TuneopsError({ code: "input_invalid", message, ...(hint === undefined ? {} : { hint }) });
}

/** Variance of one case's contribution to the difference, and the multiplier z_{1−α/2} + z_{1−β}. */
function design(options: PowerDesign, name: string): { variance: number; z: number } {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  if (!(alpha > 0 && alpha < 1)) throw invalid(`${name}: alpha must be in (0, 1), got ${alpha}`);
  if (!(power > 0 && power < 1)) throw invalid(`${name}: power must be in (0, 1), got ${power}`);
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  if (!(z > 0)) throw invalid(`${name}: power ${power} is below what alpha ${alpha} gives by chance`);
  const given = [options.sd, options.baseRate, options.sdDifference].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw invalid(`${name}: give exactly one of sd, baseRate and sdDifference (got ${given})`, "sd for continuous metrics, baseRate for pass rates, sdDifference when the paired differences are measured");
  }
  if (options.sdDifference !== undefined) {
    if (!(options.sdDifference >= 0 && Number.isFinite(options.sdDifference))) throw invalid(`${name}: sdDifference must be a finite number >= 0, got ${options.sdDifference}`);
    return { variance: options.sdDifference ** 2, z };
  }
  let variance: number;
  if (options.sd !== undefined) {
    if (!(options.sd >= 0 && Number.isFinite(options.sd))) throw invalid(`${name}: sd must be a finite number >= 0, got ${options.sd}`);
    variance = options.sd ** 2;
  } else {
    const rate = options.baseRate as number;
    if (!(rate >= 0 && rate <= 1)) throw invalid(`${name}: baseRate must be in [0, 1], got ${rate}`);
    variance = rate * (1 - rate);
  }
  const correlation = options.correlation ?? 0;
  if (!(correlation >= -1 && correlation <= 1)) throw invalid(`${name}: correlation must be in [-1, 1], got ${correlation}`);
  if (options.correlation !== undefined && options.paired !== true) {
    throw invalid(`${name}: correlation applies to paired designs only`, "set paired: true, or leave correlation out");
  }
  return { variance: options.paired === true ? 2 * variance * (1 - correlation) : 2 * variance, z };
}

/**
 * The smallest true difference between two candidates that n cases detect with the given power; in the
 * metric's units (pass-rate points as a fraction for `baseRate`). Infinity with no cases.
 */
export function minimumDetectableEffect(options: PowerDesign & { n: number }): number {
  const { variance, z } = design(options, "minimumDetectableEffect");
  const n = options.n;
  if (!(n >= 0 && Number.isFinite(n))) throw invalid(`minimumDetectableEffect: n must be a finite number >= 0, got ${n}`);
  if (n === 0) return Infinity;
  return z * Math.sqrt(variance / n);
}

/**
 * The number of cases (per candidate; shared cases when paired) needed to detect a true difference of
 * `effect` with the given power: the smallest whole n with minimumDetectableEffect(n) <= effect (the
 * formula's n rounded up, corrected for floating-point rounding at the boundary), at least 1.
 */
export function requiredSampleSize(options: PowerDesign & { effect: number }): number {
  const { variance, z } = design(options, "requiredSampleSize");
  const effect = options.effect;
  if (!(effect > 0 && Number.isFinite(effect))) throw invalid(`requiredSampleSize: effect must be a finite number > 0, got ${effect}`);
  const detectable = (n: number): number => z * Math.sqrt(variance / n);
  const exact = (z * z * variance) / (effect * effect);
  if (!Number.isFinite(exact) || exact > Number.MAX_SAFE_INTEGER) return Infinity;
  let n = Math.max(1, Math.ceil(exact));
  while (n > 1 && detectable(n - 1) <= effect) n--;
  while (detectable(n) > effect) n++;
  return n;
}
