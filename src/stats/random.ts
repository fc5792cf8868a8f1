/**
 * A seeded pseudo-random source: the same seed gives the same sequence on every machine, so samples,
 * bootstraps and simulations are reproducible. Not for anything security related.
 */
export type RandomSource = () => number;

/**
 * mulberry32: a 32-bit state generator, fast and with good statistical quality for sampling. Returns
 * a function yielding floats in [0, 1).
 */
export function createRandom(seed: number): RandomSource {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    return mulberry32Output(state) / 4294967296;
  };
}

/** mulberry32's output (an unsigned 32-bit integer) for a state already advanced. */
function mulberry32Output(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * A seeded stream of uniform integers in [0, maxExclusive), drawn in batches: `fill` gives exactly the
 * draws of `randomInt(createRandom(seed), maxExclusive)` called once per slot, but keeps the state a
 * small integer in a loop of its own, so a bootstrap's hundreds of thousands of draws allocate nothing.
 */
export class RandomIntStream {
  #state: number;

  constructor(seed: number) {
    this.#state = seed | 0;
  }

  /** Fills `target` with the next `target.length` draws. */
  fill(target: Int32Array, maxExclusive: number): void {
    let state = this.#state;
    for (let index = 0; index < target.length; index++) {
      state = (state + 0x6d2b79f5) | 0;
      target[index] = Math.floor((mulberry32Output(state) / 4294967296) * maxExclusive);
    }
    this.#state = state;
  }
}

/** A uniform integer in [0, maxExclusive). */
export function randomInt(random: RandomSource, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}
