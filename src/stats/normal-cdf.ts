/**
 * The complementary error function erfc(x), to about 1e-15 relative accuracy. Below x = 1 it is
 * 1 - erf(x), erf from the all-positive series erf(x) = 2/√π · e^(-x²) · Σ 2^k x^(2k+1) / (1·3·…·(2k+1))
 * (no cancellation, unlike the alternating Taylor series); from x = 1 up, the Laplace continued fraction
 * erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated with the modified Lentz
 * method, which keeps the relative accuracy in the far tail where 1 - erf(x) would round to 0.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1) return 1 - erfSeries(x);
  if (x > 27) return 0; // e^(-729) underflows a double.
  return (Math.exp(-x * x) / Math.sqrt(Math.PI)) * laplaceContinuedFraction(x);
}

/** The error function erf(x). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x < 1) return erfSeries(x);
  return 1 - erfc(x);
}

/** erf(x) for 0 <= x < 1 by the positive-term series; about 30 terms at x = 1. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 200; k++) {
    term *= (2 * x2) / (2 * k + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** 1/(x + a1/(x + a2/(x + …))) with a_k = k/2, for x >= 1 (about 190 terms at x = 1, 57 at x = 2). */
function laplaceContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = x + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/** The standard normal cumulative distribution function Φ(z) = P(Z <= z), accurate in both tails. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * The survival function of the chi-square distribution with one degree of freedom, P(X > x). A
 * chi-square(1) variable is the square of a standard normal one, so P(X > x) = 2 · (1 - Φ(√x)) =
 * erfc(√(x/2)); computed as erfc to keep small p-values exact instead of rounding 1 - Φ to zero.
 */
export function chiSquareOneSurvival(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}
