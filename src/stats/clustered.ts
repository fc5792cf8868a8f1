import { TuneopsError } from "../spec/errors.js";
import { studentTQuantile } from "./student-t.js";
import { checkConfidence } from "./wilson-interval.js";

export interface ClusteredMeanInterval {
  mean: number;
  /** Cluster-robust standard error of the mean; NaN with fewer than 2 clusters. */
  se: number;
  /** Lower end of the interval; NaN with fewer than 2 clusters. */
  low: number;
  /** Upper end of the interval; NaN with fewer than 2 clusters. */
  high: number;
  /** Number of values. */
  n: number;
  /** Number of distinct clusters. */
  clusters: number;
}

/**
 * Mean with a cluster-robust interval, for values that are not independent: repeats of one case
 * (`--repeat N`), several questions about one passage, turns of one conversation. Following Miller,
 * "Adding Error Bars to Evals" (2024), section "Clustered standard errors":
 *
 *   SE_clustered = √( Σ_c ( Σ_{i ∈ c} (x_i − x̄) )² ) / n
 *
 * (the cross terms of values in the same cluster are what the ordinary SE leaves out), multiplied by the
 * small-sample correction √(C / (C − 1)) for C clusters (the CR1 correction of Stata and of Cameron and
 * Miller's guide, without its (n − 1)/(n − k) factor, which is 1 for a mean). The interval is
 * mean ± t(1 − α/2, C − 1) · SE: Student's t with C − 1 degrees of freedom, because the variance is
 * estimated from C cluster totals, not n values; with few clusters the normal quantile would be too
 * narrow, and with many the two agree.
 *
 * With one value per cluster the correction makes the SE the ordinary sd/√n and the interval
 * `meanInterval`'s (up to rounding). Cluster keys compare with SameValueZero: 1 and "1" are different clusters.
 */
export function clusteredMeanInterval(
  values: readonly number[],
  clusters: readonly (string | number)[],
  confidence = 0.95,
): ClusteredMeanInterval {
  checkConfidence(confidence);
  const n = values.length;
  if (clusters.length !== n) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `clusteredMeanInterval: ${n} values but ${clusters.length} cluster keys; every value needs its cluster`,
    });
  }
  if (n === 0) return { mean: NaN, se: NaN, low: NaN, high: NaN, n: 0, clusters: 0 };
  let sum = 0;
  for (let index = 0; index < n; index++) {
    const value = values[index] as number;
    if (!Number.isFinite(value)) {
      throw new TuneopsError({ code: "input_invalid", message: `clusteredMeanInterval: value ${index} is ${value}, not a finite number` });
    }
    sum += value;
  }
  const mean = sum / n;
  // Per-cluster sums of deviations from the overall mean (the cluster "scores").
  const deviationSums = new Map<string | number, number>();
  for (let index = 0; index < n; index++) {
    const key = clusters[index] as string | number;
    deviationSums.set(key, (deviationSums.get(key) ?? 0) + ((values[index] as number) - mean));
  }
  const clusterCount = deviationSums.size;
  if (clusterCount < 2) return { mean, se: NaN, low: NaN, high: NaN, n, clusters: clusterCount };
  let squares = 0;
  for (const deviation of deviationSums.values()) squares += deviation * deviation;
  const se = (Math.sqrt(squares) / n) * Math.sqrt(clusterCount / (clusterCount - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, clusterCount - 1) * se;
  if (half === 0) return { mean, se, low: mean, high: mean, n, clusters: clusterCount };
  return { mean, se, low: Math.min(mean, mean - half), high: Math.max(mean, mean + half), n, clusters: clusterCount };
}
