import { TuneopsError } from "../spec/errors.js";
import { quantile } from "./percentile.js";
import { RandomIntStream } from "./random.js";
import { checkConfidence } from "./wilson-interval.js";

/**
 * Seeded nonparametric bootstrap, percentile method (Efron): draw `resamples` samples of n case indices
 * with replacement, compute the statistic on each, and take the α/2 and 1 - α/2 quantiles of those
 * values (linear interpolation, numpy's default) as the interval. Used where no closed form fits (corpus
 * BLEU, chrF, F1 over a set); means and proportions have their own intervals (t, Wilson).
 *
 * Every draw comes from mulberry32 seeded with `seed` (`RandomIntStream`: the draws of `createRandom`)
 * in a fixed order, so the same seed gives the same interval on every machine, and
 * `bootstrapMeanInterval` gives exactly what `bootstrapInterval` gives with a mean statistic and the
 * same seed.
 *
 * The percentile interval need not be centred on the estimate (it follows the skew of the statistic) and
 * with small n it is somewhat too narrow; report n beside it.
 */

export interface BootstrapOptions {
  /** Number of resamples; 1,000 by default (Efron and Tibshirani's usual minimum for percentile intervals). */
  resamples?: number;
  /** Confidence level in (0, 1); 0.95 by default. */
  confidence?: number;
  /** Seed of the generator; 0 by default, so an unseeded call is still reproducible. */
  seed?: number;
}

export interface BootstrapInterval {
  /** The statistic on the original sample (every case once). NaN with no cases. */
  estimate: number;
  /** Lower percentile bound; NaN with no cases or no finite resample. */
  low: number;
  /** Upper percentile bound; NaN with no cases or no finite resample. */
  high: number;
  /** Resamples whose statistic was a number and entered the interval (NaN results are left out). */
  resamples: number;
  /** Number of cases. */
  n: number;
}

export interface BootstrapStatisticOptions extends BootstrapOptions {
  /** Number of cases. */
  n: number;
  /**
   * The statistic of one sample, given the indices (0 ≤ index < n) of the cases in it, repeats included.
   * The same buffer is refilled for every resample: read it, do not keep it.
   */
  statistic: (indices: Int32Array) => number;
}

const defaultResamples = 1000;

interface ResolvedOptions {
  resamples: number;
  confidence: number;
  seed: number;
}

function resolveOptions(options: BootstrapOptions, n: number): ResolvedOptions {
  const resamples = options.resamples ?? defaultResamples;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(n) || n < 0) throw invalid(`bootstrap: n must be an integer >= 0, got ${n}`);
  if (n > 2 ** 31 - 1) throw invalid(`bootstrap: n must be below 2^31, got ${n}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw invalid(`bootstrap: resamples must be an integer >= 1, got ${resamples}`);
  if (!Number.isFinite(seed)) throw invalid(`bootstrap: seed must be a finite number, got ${seed}`);
  checkConfidence(confidence);
  return { resamples, confidence, seed };
}

function invalid(message: string): TuneopsError {
  return new TuneopsError({ code: "input_invalid", message });
}

/** Sorts the finite statistics (NaN left out) and reads the percentile bounds. */
function percentileInterval(estimate: number, values: Float64Array, confidence: number, n: number): BootstrapInterval {
  let kept = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (!Number.isNaN(value)) values[kept++] = value;
  }
  const sorted = values.subarray(0, kept).sort();
  const tail = (1 - confidence) / 2;
  return { estimate, low: quantile(sorted, tail), high: quantile(sorted, 1 - tail), resamples: kept, n };
}

function emptyInterval(estimate: number): BootstrapInterval {
  return { estimate, low: NaN, high: NaN, resamples: 0, n: 0 };
}

/** Percentile bootstrap interval of any statistic of n cases; see the module comment. */
export function bootstrapInterval(options: BootstrapStatisticOptions): BootstrapInterval {
  const { n, statistic } = options;
  const { resamples, confidence, seed } = resolveOptions(options, n);
  const indices = new Int32Array(n);
  for (let index = 0; index < n; index++) indices[index] = index;
  const estimate = statistic(indices);
  if (n === 0) return emptyInterval(estimate);
  const draws = new RandomIntStream(seed);
  const values = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    draws.fill(indices, n);
    values[resample] = statistic(indices);
  }
  return percentileInterval(estimate, values, confidence, n);
}

/**
 * Percentile bootstrap interval of a mean, the fast path: no index buffer and no allocation per
 * resample, one pass of n draws and adds per resample (10,000 cases × 1,000 resamples in well under a
 * second; see bench/bootstrap.mjs). Same draws as `bootstrapInterval`, so the same result for a seed.
 */
export function bootstrapMeanInterval(values: Float64Array | readonly number[], options: BootstrapOptions = {}): BootstrapInterval {
  const n = values.length;
  const { resamples, confidence, seed } = resolveOptions(options, n);
  const data = values instanceof Float64Array ? values : Float64Array.from(values);
  let total = 0;
  for (let index = 0; index < n; index++) {
    const value = data[index] as number;
    if (!Number.isFinite(value)) throw invalid(`bootstrapMeanInterval: values must be finite numbers, got ${value} at index ${index}`);
    total += value;
  }
  if (n === 0) return emptyInterval(NaN);
  const draws = new RandomIntStream(seed);
  const indices = new Int32Array(n);
  const means = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    draws.fill(indices, n);
    let sum = 0;
    for (let draw = 0; draw < n; draw++) sum += data[indices[draw] as number] as number;
    means[resample] = sum / n;
  }
  return percentileInterval(total / n, means, confidence, n);
}

/**
 * Percentile bootstrap interval of a corpus-level metric whose per-case sufficient statistics add up
 * (corpus BLEU: matches and totals per n-gram order and lengths; chrF: character and word n-gram
 * counts). Each resample draws cases, sums their stat vectors and applies `corpus` to the sum, which is
 * how sacrebleu's bootstrap resampling treats corpus BLEU. `corpus` gets a buffer refilled for every
 * resample: read it, do not keep it.
 */
export function bootstrapCorpusInterval(
  stats: readonly (readonly number[])[],
  corpus: (summed: Float64Array) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const n = stats.length;
  const width = stats[0]?.length ?? 0;
  const flat = new Float64Array(n * width);
  for (let row = 0; row < n; row++) {
    const vector = stats[row] as readonly number[];
    if (vector.length !== width) {
      throw invalid(`bootstrapCorpusInterval: every case needs ${width} statistics (as case 0 has), case ${row} has ${vector.length}`);
    }
    for (let column = 0; column < width; column++) flat[row * width + column] = vector[column] as number;
  }
  return bootstrapCorpusIntervalFlat(flat, width, corpus, options);
}

/**
 * `bootstrapCorpusInterval` on statistics laid out row after row in one array (`width` numbers a case):
 * what the run summary keeps, so no array per case is built. Same draws, same result.
 */
export function bootstrapCorpusIntervalFlat(
  flat: Float64Array,
  width: number,
  corpus: (summed: Float64Array) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  if (!Number.isInteger(width) || width < 0 || (width === 0 ? flat.length !== 0 : flat.length % width !== 0)) {
    throw invalid(`bootstrapCorpusIntervalFlat: ${flat.length} statistics do not make rows of ${width}`);
  }
  for (let index = 0; index < flat.length; index++) {
    const value = flat[index] as number;
    if (!Number.isFinite(value)) throw invalid(`bootstrapCorpusInterval: statistic ${index % width} of case ${Math.floor(index / width)} is ${value}, not a finite number`);
  }
  const n = width === 0 ? 0 : flat.length / width;
  const { resamples, confidence, seed } = resolveOptions(options, n);
  const summed = new Float64Array(width);
  for (let offset = 0; offset < flat.length; offset += width) {
    for (let column = 0; column < width; column++) summed[column] = (summed[column] as number) + (flat[offset + column] as number);
  }
  const estimate = corpus(summed);
  if (n === 0) return emptyInterval(estimate);
  // `bootstrapInterval`'s draws, summed row by row without an index buffer.
  const draws = new RandomIntStream(seed);
  const indices = new Int32Array(n);
  const values = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    draws.fill(indices, n);
    summed.fill(0);
    for (let draw = 0; draw < n; draw++) {
      const offset = (indices[draw] as number) * width;
      for (let column = 0; column < width; column++) summed[column] = (summed[column] as number) + (flat[offset + column] as number);
    }
    values[resample] = corpus(summed);
  }
  return percentileInterval(estimate, values, confidence, n);
}
