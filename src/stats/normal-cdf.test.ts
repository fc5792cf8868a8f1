import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquareOneSurvival, erf, erfc, normalCdf } from "./normal-cdf.js";
import { normalQuantile } from "./normal-quantile.js";

// Reference values from scipy.special.erfc / scipy.stats.chi2.sf (SciPy 1.17.1).
const erfcReference: readonly (readonly [number, number])[] = [
  [0, 1],
  [0.1, 0.8875370839817152],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028516],
  [1.5, 0.03389485352468927],
  [1.999, 0.0046984433486294865],
  [2, 0.004677734981047266],
  [2.5, 0.00040695201744495886],
  [3, 2.2090496998585445e-5],
  [5, 1.5374597944280347e-12],
  [10, 2.0884875837625446e-45],
  [26, 5.663192408856145e-296],
  [-1, 1.8427007929497148],
  [-3, 1.9999779095030015],
];

describe("erfc", () => {
  it("matches SciPy to about 1e-14 relative, far tails included", () => {
    for (const [x, expected] of erfcReference) {
      expect(Math.abs(erfc(x) - expected)).toBeLessThanOrEqual(1e-14 * expected);
    }
  });

  it("is consistent with erf and odd symmetry", () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
        expect(erf(x) + erfc(x)).toBeCloseTo(1, 14);
        expect(erf(-x)).toBeCloseTo(-erf(x), 15);
      }),
    );
  });
});

describe("normalCdf", () => {
  it("inverts normalQuantile", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        const roundTrip = normalCdf(normalQuantile(p));
        expect(Math.abs(roundTrip - p)).toBeLessThanOrEqual(1e-13 * Math.max(p, 1e-3));
      }),
    );
  });

  it("gives the familiar 97.5% point", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(0)).toBe(0.5);
  });
});

describe("chiSquareOneSurvival", () => {
  it("matches SciPy's chi2.sf(x, 1)", () => {
    expect(chiSquareOneSurvival(16.818)).toBeCloseTo(4.114121327409589e-5, 17);
    expect(chiSquareOneSurvival(20.672222) / 5.450095457967082e-6).toBeCloseTo(1, 12);
    expect(chiSquareOneSurvival(3.841458820694124)).toBeCloseTo(0.05, 14);
    expect(chiSquareOneSurvival(0)).toBe(1);
  });
});
