import { quantile } from "./percentile.js";

export interface QuantileSketchOptions {
  /** Values kept exactly, so quantiles are exact up to this count; default 16,384 (128 KB). */
  exactLimit?: number;
  /** Past the exact limit, the most relative error of a quantile; default 0.001 (0.1%). */
  relativeAccuracy?: number;
}

/**
 * Quantiles of a stream of non-negative values (latencies, ms) in bounded memory. Up to `exactLimit`
 * values it keeps them and answers exactly, with the same interpolation as `quantile` (numpy's linear
 * method). Past that it folds them into a logarithmic histogram (the buckets of DDSketch, Masson et al.
 * 2019): bucket i holds values in (γ^(i-1), γ^i] with γ = (1 + α) / (1 - α), and answers with each
 * bucket's centre, so every quantile is within a relative error α of a value at the same rank. Memory is
 * then one counter per occupied bucket: about 11,500 buckets cover 1 µs to 3 hours at α = 0.1%, and real
 * latencies occupy a few hundred. Count, sum (so the mean), min and max stay exact throughout.
 */
export class QuantileSketch {
  readonly #exactLimit: number;
  readonly #logGamma: number;
  readonly #gamma: number;
  #exact: Float64Array | undefined;
  #buckets: Map<number, number> | undefined;
  /** Values too small for a logarithm (0 and below 1e-9). */
  #zeros = 0;
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;

  constructor(options: QuantileSketchOptions = {}) {
    this.#exactLimit = options.exactLimit ?? 16_384;
    this.#exact = new Float64Array(Math.max(1, Math.min(64, this.#exactLimit)));
    const alpha = options.relativeAccuracy ?? 0.001;
    this.#gamma = (1 + alpha) / (1 - alpha);
    this.#logGamma = Math.log(this.#gamma);
  }

  add(value: number): void {
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    const exact = this.#exact;
    if (exact !== undefined) {
      if (this.#count === exact.length) {
        if (this.#count < this.#exactLimit) {
          const grown = new Float64Array(Math.min(exact.length * 2, this.#exactLimit));
          grown.set(exact);
          this.#exact = grown;
          grown[this.#count++] = value;
          return;
        }
        // Past the limit: fold what was kept into buckets and keep counting there.
        this.#exact = undefined;
        this.#buckets = new Map();
        for (const kept of exact) this.#bucket(kept);
      } else {
        exact[this.#count++] = value;
        return;
      }
    }
    this.#count += 1;
    this.#bucket(value);
  }

  get count(): number {
    return this.#count;
  }

  /** NaN when empty. */
  get mean(): number {
    return this.#count === 0 ? NaN : this.#sum / this.#count;
  }

  /** NaN when empty. */
  get max(): number {
    return this.#count === 0 ? NaN : this.#max;
  }

  /** Whether quantiles are still exact. */
  get exact(): boolean {
    return this.#exact !== undefined;
  }

  /** The q-quantile (q in [0, 1]); NaN when empty. */
  quantile(q: number): number {
    return this.quantiles([q])[0] as number;
  }

  /** Several quantiles (each q in [0, 1]), sorting what is kept once for all of them; NaN when empty. */
  quantiles(qs: readonly number[]): number[] {
    if (this.#count === 0) return qs.map(() => NaN);
    if (this.#exact !== undefined) {
      const sorted = this.#exact.slice(0, this.#count).sort();
      return qs.map((q) => quantile(sorted, q));
    }
    const indices = [...(this.#buckets as Map<number, number>).keys()].sort((left, right) => left - right);
    return qs.map((q) => {
      const position = (this.#count - 1) * q;
      const lowRank = Math.floor(position);
      const low = this.#valueAtRank(lowRank, indices);
      if (lowRank >= this.#count - 1) return low;
      const high = this.#valueAtRank(lowRank + 1, indices);
      return low + (position - lowRank) * (high - low);
    });
  }

  #bucket(value: number): void {
    if (value < 1e-9) {
      this.#zeros += 1;
      return;
    }
    const buckets = this.#buckets as Map<number, number>;
    const index = Math.ceil(Math.log(value) / this.#logGamma);
    buckets.set(index, (buckets.get(index) ?? 0) + 1);
  }

  /** The estimate of the value at 0-based `rank`: the exact min and max at the ends, else its bucket's centre. */
  #valueAtRank(rank: number, indices: readonly number[]): number {
    if (rank === 0) return this.#min;
    if (rank === this.#count - 1) return this.#max;
    if (rank < this.#zeros) return Math.max(this.#min, 0);
    let seen = this.#zeros;
    for (const index of indices) {
      seen += (this.#buckets as Map<number, number>).get(index) as number;
      if (rank < seen) {
        const centre = (2 * this.#gamma ** index) / (this.#gamma + 1);
        return Math.min(Math.max(centre, this.#min), this.#max);
      }
    }
    return this.#max;
  }
}
