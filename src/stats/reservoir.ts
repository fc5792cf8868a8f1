import { TuneopsError } from "../spec/errors.js";
import { createRandom, type RandomSource } from "./random.js";

export interface ReservoirOptions {
  /** Most values kept. */
  capacity: number;
  /** Seed of the sampling PRNG: the same seed and input give the same sample. */
  seed?: number;
}

/**
 * A bounded uniform random sample of a stream (Vitter's algorithm R): every value seen has the same
 * chance, capacity / count, of being kept. Memory stays at `capacity` however long the stream, so
 * latency percentiles of a long run or a busy gateway cost constant memory.
 */
export class Reservoir {
  readonly capacity: number;
  private readonly sample: Float64Array;
  private readonly random: RandomSource;
  private seen = 0;

  constructor(options: ReservoirOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new TuneopsError({ code: "input_invalid", message: `Reservoir: capacity must be a positive integer, got ${options.capacity}` });
    }
    this.capacity = options.capacity;
    this.sample = new Float64Array(options.capacity);
    this.random = createRandom(options.seed ?? 1);
  }

  add(value: number): void {
    if (this.seen < this.capacity) {
      this.sample[this.seen] = value;
    } else {
      const slot = Math.floor(this.random() * (this.seen + 1));
      if (slot < this.capacity) this.sample[slot] = value;
    }
    this.seen += 1;
  }

  /** Values offered so far (not only the kept ones). */
  get count(): number {
    return this.seen;
  }

  /** Values kept: min(count, capacity). */
  get size(): number {
    return Math.min(this.seen, this.capacity);
  }

  /** A copy of the kept values, in no particular order. */
  values(): Float64Array {
    return this.sample.slice(0, this.size);
  }

  /** A copy of the kept values, sorted ascending (ready for `percentile`). */
  sorted(): Float64Array {
    return this.values().sort();
  }
}
