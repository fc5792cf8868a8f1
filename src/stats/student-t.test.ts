import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { studentTCdf, studentTQuantile } from "./student-t.js";

describe("studentTQuantile", () => {
  // Reference values from standard t tables (R: qt(p, df)).
  const known: [p: number, df: number, t: number][] = [
    [0.975, 1, 12.706204736174698],
    [0.975, 2, 4.302652729749464],
    [0.975, 3, 3.182446305284263],
    [0.975, 5, 2.570581835636314],
    [0.975, 10, 2.228138851986274],
    [0.975, 30, 2.042272456301238],
    [0.975, 100, 1.983971518523552],
    [0.995, 3, 5.840909309733354],
    [0.95, 20, 1.724718242920787],
    [0.9995, 4, 8.610301581572019],
    [0.8, 7, 0.896029948010601],
    [0.975, 1_000_000, 1.959966349],
  ];
  it.each(known)("t(%f, df=%f) matches the table", (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 6);
  });

  it("tends to the normal quantile for large df", () => {
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(1.959963984540054, 6);
  });

  it("is antisymmetric and 0 at the median", () => {
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 9);
  });

  it("inverts the CDF", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 5000, noNaN: true }), (p, df) => {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9);
      }),
    );
  });

  it("rejects bad arguments", () => {
    expect(() => studentTQuantile(1.2, 3)).toThrow(/p must be/);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/degrees of freedom/);
  });
});

describe("studentTCdf", () => {
  it("is 0.5 at 0 and monotone", () => {
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(1, 3)).toBeLessThan(studentTCdf(2, 3));
    expect(studentTCdf(Infinity, 3)).toBe(1);
  });
  it("matches the Cauchy CDF for df = 1", () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
  });
});
