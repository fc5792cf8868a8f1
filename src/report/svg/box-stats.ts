/** The figures a horizontal box plot draws, all in the sample's unit (ms). */
export interface BoxStats {
  n: number;
  min: number;
  p5: number;
  q1: number;
  median: number;
  q3: number;
  p95: number;
  max: number;
  p99: number;
}

/** Quantile of an ascending sample by linear interpolation between order statistics (R type 7). */
export function quantileOfSorted(sorted: readonly number[], probability: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, probability));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (position - lower);
}

/** Box-plot figures of a sample; null when it holds no finite value. */
export function computeBoxStats(sample: readonly number[]): BoxStats | null {
  const sorted = sample.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p5: quantileOfSorted(sorted, 0.05),
    q1: quantileOfSorted(sorted, 0.25),
    median: quantileOfSorted(sorted, 0.5),
    q3: quantileOfSorted(sorted, 0.75),
    p95: quantileOfSorted(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    p99: quantileOfSorted(sorted, 0.99),
  };
}
