import type { RandomSource } from "./random.js";

/**
 * Exact binomial sampling in O(1) expected time, whatever n: what makes a multinomial bootstrap of
 * aggregated counts cost O(cells) rather than O(observations).
 *
 * Small means (n·p < 10) use inversion of the CDF by sequential search (Kachitvichyanukul & Schmeiser's
 * BINV); larger ones use Hörmann's transformed rejection with decomposition (BTRD, 1993), the method of
 * TensorFlow and of several C++ standard libraries. p > 1/2 is sampled as n minus a draw at 1 - p.
 */
export function sampleBinomial(random: RandomSource, n: number, p: number): number {
  if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`sampleBinomial: n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`sampleBinomial: p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - sampleBinomial(random, n, 1 - p);
  return n * p < 10 ? inversion(random, n, p) : transformedRejection(random, n, p);
}

function inversion(random: RandomSource, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  // Restart in the (astronomically rare) case that rounding leaves u above the summed mass.
  for (;;) {
    let r = Math.exp(n * Math.log1p(-p));
    let u = random();
    let x = 0;
    while (u > r) {
      u -= r;
      x += 1;
      if (x > n) break;
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/** ln k! for k = 0..9, summed exactly, for the Stirling corrections below. */
const smallLogFactorials = ((): Float64Array => {
  const values = new Float64Array(10);
  for (let k = 1; k < 10; k += 1) values[k] = (values[k - 1] as number) + Math.log(k);
  return values;
})();

/** ln k! - [(k + 1/2) ln(k + 1) - (k + 1) + ln √(2π)]: the error of Stirling's formula at k + 1. */
function stirlingCorrection(k: number): number {
  if (k < 10) return (smallLogFactorials[k] as number) - (k + 0.5) * Math.log(k + 1) + (k + 1) - halfLogTwoPi;
  const next = k + 1;
  const square = next * next;
  return (1 / 12 - (1 / 360 - 1 / 1260 / square) / square) / next;
}

function transformedRejection(random: RandomSource, n: number, p: number): number {
  const q = 1 - p;
  const spread = n * p * q;
  const root = Math.sqrt(spread);
  const b = 1.15 + 2.53 * root;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * root;
  const vr = 0.92 - 4.2 / b;
  const urvr = 0.86 * vr;
  const mode = Math.floor((n + 1) * p);
  const r = p / q;
  const nr = (n + 1) * r;
  for (;;) {
    let v = random();
    let u: number;
    if (v <= urvr) {
      u = v / vr - 0.43;
      return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
    }
    if (v >= vr) {
      u = random() - 0.5;
    } else {
      u = v / vr - 0.93;
      u = Math.sign(u) * 0.5 - u;
      v = random() * vr;
    }
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    v = (v * alpha) / (a / (us * us) + b);
    const distance = Math.abs(k - mode);
    if (distance <= 15) {
      // Recursive evaluation of f(k) / f(mode).
      let f = 1;
      if (mode < k) for (let i = mode + 1; i <= k; i += 1) f *= nr / i - r;
      else if (mode > k) for (let i = k + 1; i <= mode; i += 1) v *= nr / i - r;
      if (v <= f) return k;
      continue;
    }
    // Squeeze, then the exact test with Stirling's approximation.
    v = Math.log(v);
    const rho = (distance / spread) * (((distance / 3 + 0.625) * distance + 1 / 6) / spread + 0.5);
    const t = -(distance * distance) / (2 * spread);
    if (v < t - rho) return k;
    if (v > t + rho) continue;
    const nm = n - mode + 1;
    const h = (mode + 0.5) * Math.log((mode + 1) / (r * nm)) + stirlingCorrection(mode) + stirlingCorrection(n - mode);
    const nk = n - k + 1;
    if (v <= h + (n + 1) * Math.log(nm / nk) + (k + 0.5) * Math.log((nk * r) / (k + 1)) - stirlingCorrection(k) - stirlingCorrection(n - k)) return k;
  }
}
