import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meanInterval } from "./mean-interval.js";
import { mcnemar, pairedDifference } from "./paired.js";

/** Boolean vectors with the given 2 × 2 table. */
function table(both: number, onlyA: number, onlyB: number, neither: number): { a: boolean[]; b: boolean[] } {
  const a: boolean[] = [];
  const b: boolean[] = [];
  const push = (count: number, passA: boolean, passB: boolean) => {
    for (let index = 0; index < count; index++) {
      a.push(passA);
      b.push(passB);
    }
  };
  push(both, true, true);
  push(onlyA, true, false);
  push(onlyB, false, true);
  push(neither, false, false);
  return { a, b };
}

describe("pairedDifference", () => {
  it("matches SciPy's ttest_rel", () => {
    // scipy.stats.ttest_rel(a, b) (SciPy 1.17.1): t = 2.3906015655919393, p = 0.04812623853778656, df = 7,
    // 95% interval [0.0008828977579577318, 0.1616171022420423]; numpy.corrcoef = 0.861153712908639.
    const a = [0.9, 0.7, 0.8, 0.6, 1.0, 0.4, 0.75, 0.85];
    const b = [0.8, 0.65, 0.7, 0.7, 0.9, 0.3, 0.7, 0.6];
    const result = pairedDifference(a, b);
    expect(result.t).toBeCloseTo(2.3906015655919393, 12);
    expect(result.pValue).toBeCloseTo(0.04812623853778656, 12);
    expect(result.df).toBe(7);
    expect(result.low).toBeCloseTo(0.0008828977579577318, 12);
    expect(result.high).toBeCloseTo(0.1616171022420423, 12);
    expect(result.correlation).toBeCloseTo(0.861153712908639, 12);
    expect(result.meanDifference).toBeCloseTo(result.meanA - result.meanB, 15);
  });

  it("is the one-sample t interval of the differences", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })), { minLength: 2, maxLength: 80 }), (pairs) => {
        const a = pairs.map(([x]) => x);
        const b = pairs.map(([, y]) => y);
        const result = pairedDifference(a, b);
        const direct = meanInterval(pairs.map(([x, y]) => x - y));
        fc.pre(direct.sd > 1e-9);
        expect(result.low).toBeCloseTo(direct.low, 8);
        expect(result.high).toBeCloseTo(direct.high, 8);
        expect(result.pValue).toBeGreaterThanOrEqual(0);
        expect(result.pValue).toBeLessThanOrEqual(1);
        // The interval excludes 0 exactly when the test rejects at the same level.
        if (result.pValue < 0.049) expect(result.low > 0 || result.high < 0).toBe(true);
        if (result.pValue > 0.051) expect(result.low <= 0 && result.high >= 0).toBe(true);
      }),
    );
  });

  it("is antisymmetric in a and b", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })), { minLength: 3, maxLength: 40 }), (pairs) => {
        const a = pairs.map(([x]) => x / 10);
        const b = pairs.map(([, y]) => y / 10);
        const forward = pairedDifference(a, b);
        const backward = pairedDifference(b, a);
        expect(backward.meanDifference).toBeCloseTo(-forward.meanDifference, 12);
        expect(backward.low).toBeCloseTo(-forward.high, 12);
        if (Number.isNaN(forward.pValue)) expect(Number.isNaN(backward.pValue)).toBe(true);
        else expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
      }),
    );
  });

  it("handles constant differences and tiny samples without NaN p-values where an answer exists", () => {
    expect(pairedDifference([1, 2, 3], [1, 2, 3])).toMatchObject({ meanDifference: 0, pValue: 1, low: 0, high: 0 });
    expect(pairedDifference([2, 3, 4], [1, 2, 3])).toMatchObject({ meanDifference: 1, pValue: 0, t: Infinity });
    const one = pairedDifference([1], [0]);
    expect(one.meanDifference).toBe(1);
    expect(Number.isNaN(one.pValue) && Number.isNaN(one.low)).toBe(true);
    expect(pairedDifference([], []).n).toBe(0);
  });

  it("rejects unpaired or non-finite input", () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/same cases/);
    expect(() => pairedDifference([1, NaN], [1, 2])).toThrow(/case 1/);
  });
});

describe("mcnemar", () => {
  it("reproduces R's mcnemar.test on the debate example (chi-squared = 16.818, p = 4.115e-05)", () => {
    // selva86, "McNemar's Test in R": matrix(c(48, 86, 150, 510), byrow = TRUE) -> 86 and 150 discordant.
    const { a, b } = table(48, 86, 150, 510);
    const result = mcnemar(a, b);
    expect(result.exact).toBe(false);
    expect(result.statistic).toBeCloseTo(16.818, 3);
    expect(result.pValue).toBeCloseTo(4.115e-5, 8);
    expect(result.onlyA).toBe(86);
    expect(result.onlyB).toBe(150);
    expect(result.n).toBe(794);
  });

  it("reproduces Cardillo's MATLAB example (chi-square with Yates's correction = 20.672222)", () => {
    // Drug versus placebo: [101 59; 121 33], discordant 59 and 121.
    const { a, b } = table(101, 59, 121, 33);
    const result = mcnemar(a, b);
    expect(result.statistic).toBeCloseTo(20.672222, 6);
    expect(result.pValue).toBeCloseTo(5.450095457967082e-6, 10); // scipy.stats.chi2.sf(20.672222, 1); Cardillo prints 0.000005
  });

  it("uses the exact binomial test below 25 discordant pairs (values of scipy.stats.binomtest)", () => {
    expect(mcnemar(...pair(table(10, 1, 6, 3)))).toMatchObject({ exact: true, pValue: 0.125 });
    expect(mcnemar(...pair(table(0, 5, 19, 0))).pValue).toBeCloseTo(0.006610751152038574, 15);
    expect(mcnemar(...pair(table(0, 12, 12, 0)))).toMatchObject({ exact: true, pValue: 1, statistic: 0 });
    expect(mcnemar(...pair(table(5, 0, 0, 5)))).toMatchObject({ exact: true, pValue: 1, statistic: 0 });
    expect(mcnemar(...pair(table(0, 12, 13, 0))).exact).toBe(false);
  });

  it("gives Newcombe's paired interval for the difference in pass rates", () => {
    // Altman et al., Statistics with Confidence (2000), table 6.2: [[14, 5], [0, 22]]. Reference figures from an
    // independent transcription of biostatUZH::confIntPairedProportion (Newcombe 1998, method 10).
    const result = mcnemar(...pair(table(14, 5, 0, 22)));
    expect(result.difference.estimate).toBeCloseTo(0.12195121951219512, 15);
    expect(result.difference.low).toBeCloseTo(0.01148324138303325, 12);
    expect(result.difference.high).toBeCloseTo(0.2264926843512112, 12);
    const debate = mcnemar(...pair(table(48, 86, 150, 510))).difference;
    expect(debate.low).toBeCloseTo(-0.11811344604779309, 12);
    expect(debate.high).toBeCloseTo(-0.04291136966409143, 12);
  });

  it("keeps p in [0, 1], the interval in [-1, 1] around the estimate, and is symmetric in A and B", () => {
    const counts = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(counts, counts, counts, counts, (both, onlyA, onlyB, neither) => {
        fc.pre(both + onlyA + onlyB + neither > 0);
        const forward = mcnemar(...pair(table(both, onlyA, onlyB, neither)));
        const backward = mcnemar(...pair(table(both, onlyB, onlyA, neither)));
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
        expect(backward.pValue).toBeCloseTo(forward.pValue, 14);
        const { estimate, low, high } = forward.difference;
        expect(low).toBeGreaterThanOrEqual(-1);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(estimate);
        expect(high).toBeGreaterThanOrEqual(estimate);
        expect(backward.difference.low).toBeCloseTo(-high, 12);
      }),
    );
  });

  it("rejects unpaired input", () => {
    expect(() => mcnemar([true], [true, false])).toThrow(/same cases/);
  });
});

function pair(vectors: { a: boolean[]; b: boolean[] }): [boolean[], boolean[]] {
  return [vectors.a, vectors.b];
}
