import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalQuantile } from "./normal-quantile.js";

describe("normalQuantile", () => {
  it("matches known values", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853626951472, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829303548901, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
  it("is antisymmetric and increasing", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (a, b) => {
        expect(normalQuantile(a)).toBeCloseTo(-normalQuantile(1 - a), 6);
        if (a < b) expect(normalQuantile(a)).toBeLessThanOrEqual(normalQuantile(b));
      }),
    );
  });
  it("rejects p outside [0, 1]", () => {
    expect(() => normalQuantile(-0.1)).toThrow(/p must be/);
    expect(() => normalQuantile(NaN)).toThrow(/p must be/);
  });
});
