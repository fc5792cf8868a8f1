import { describe, expect, it } from "vitest";
import { decadeDomain, linearScale, logScale, niceDomain, niceStep, spansDecades } from "./scale.js";

describe("scales", () => {
  it("picks 1-2-5 steps", () => {
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(7300, 5)).toBe(1000);
    expect(niceStep(9000, 5)).toBe(2000);
    expect(niceStep(0.03, 4)).toBe(0.01);
  });

  it("widens a domain to nice bounds", () => {
    expect(niceDomain(0, 4980)).toEqual([0, 5000]);
    expect(niceDomain(3, 3)).toEqual([1.5, 4.5]);
  });

  it("maps linearly and gives exact ticks", () => {
    const scale = linearScale([0, 1], [300, 0]);
    expect(scale.map(0.25)).toBe(225);
    expect(scale.ticks()).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("maps logarithmically with decade ticks", () => {
    const scale = logScale([0.01, 100], [0, 400]);
    expect(scale.map(1)).toBeCloseTo(200);
    expect(scale.ticks()).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logScale([10, 1000], [0, 1]).ticks()).toEqual([10, 20, 50, 100, 200, 500, 1000]);
  });

  it("rounds positive ranges out to decades and detects wide spans", () => {
    expect(decadeDomain(0.0936, 61.5)).toEqual([0.01, 100]);
    expect(spansDecades([0.09, 61], 2)).toBe(true);
    expect(spansDecades([1, 50], 2)).toBe(false);
    expect(spansDecades([0, 5], 2)).toBe(false);
  });
});
