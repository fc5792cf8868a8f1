import { TuneopsError } from "../spec/errors.js";
import { normalQuantile } from "./normal-quantile.js";
import { logBeta, regularizedIncompleteBeta } from "./special-functions.js";

function checkDegreesOfFreedom(df: number): void {
  if (!(df > 0)) throw new TuneopsError({ code: "input_invalid", message: `Student's t: degrees of freedom must be > 0, got ${df}` });
}

/** Upper tail P(T > t) for t >= 0. */
function upperTail(t: number, df: number): number {
  return 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Student's t cumulative distribution function P(T <= t) with `df` degrees of freedom (df may be fractional). */
export function studentTCdf(t: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = upperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/** Student's t density. */
export function studentTDensity(t: number, df: number): number {
  checkDegreesOfFreedom(df);
  return Math.exp(-0.5 * Math.log(df) - logBeta(df / 2, 0.5) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Above this many degrees of freedom the Cornish-Fisher expansion in 1/df is exact to double precision
 * for any practical p, and the continued fraction would need thousands of terms.
 */
const expansionThreshold = 1e5;

/** Cornish-Fisher expansion of the t quantile around the normal quantile z (Abramowitz & Stegun 26.7.5). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * Student's t quantile (inverse CDF): the t with P(T <= t) = p. Exact closed forms for df = 1 and 2,
 * the Cornish-Fisher expansion for very large df, and otherwise Newton steps on the exact CDF (via the
 * regularised incomplete beta function), kept inside a bisection bracket; accurate to about 1e-12.
 */
export function studentTQuantile(p: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (!(p >= 0 && p <= 1)) throw new TuneopsError({ code: "input_invalid", message: `Student's t quantile: p must be in [0, 1], got ${p}` });
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  if (df > expansionThreshold) return cornishFisher(z, df);

  const target = 1 - p;
  // Bracket: the t quantile is at least the normal one; grow the upper end until its tail is small enough.
  let low = Math.max(0, z);
  let high = Math.max(1, 2 * low);
  while (upperTail(high, df) > target) {
    low = high;
    high *= 2;
  }
  let t = cornishFisher(z, df);
  if (!(t > low && t < high)) t = (low + high) / 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const difference = upperTail(t, df) - target;
    if (difference > 0) low = t;
    else high = t;
    let next = t + difference / studentTDensity(t, df);
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-14 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}
