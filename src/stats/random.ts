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
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, maxExclusive). */
export function randomInt(random: RandomSource, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}
