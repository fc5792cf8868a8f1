import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consistencyReport, passAtK, passHatK } from "./consistency.js";

/** C(n, k) exactly, as a BigInt. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/** Ratio of two BigInts as a double, to full precision. */
function ratio(numerator: bigint, denominator: bigint): number {
  const scale = 10n ** 30n;
  return Number((numerator * scale) / denominator) / 1e30;
}

const counts = fc
  .integer({ min: 1, max: 200 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }), fc.integer({ min: 1, max: n })));

describe("passAtK", () => {
  it("matches hand-computed values", () => {
    expect(passAtK(10, 3, 2)).toBeCloseTo(1 - 21 / 45, 15); // 1 - C(7, 2) / C(10, 2)
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 15);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 6, 5)).toBe(1); // only 4 failures: any 5 attempts include a pass
  });

  it("equals 1 - C(n - c, k) / C(n, k) computed exactly", () => {
    fc.assert(
      fc.property(counts, ([n, c, k]) => {
        const exact = 1 - ratio(choose(n - c, k), choose(n, k));
        expect(Math.abs(passAtK(n, c, k) - exact)).toBeLessThan(1e-12);
      }),
    );
  });

  it("is c / n at k = 1 and grows with k", () => {
    fc.assert(
      fc.property(counts, ([n, c, k]) => {
        expect(passAtK(n, c, 1)).toBeCloseTo(c / n, 12);
        if (k < n) expect(passAtK(n, c, k + 1)).toBeGreaterThanOrEqual(passAtK(n, c, k) - 1e-15);
      }),
    );
  });

  it("rejects impossible counts", () => {
    expect(() => passAtK(5, 6, 1)).toThrow(/passes/);
    expect(() => passAtK(5, 2, 6)).toThrow(/k must be/);
    expect(() => passAtK(0, 0, 1)).toThrow(/n \(attempts\)/);
  });
});

describe("passHatK", () => {
  it("matches hand-computed values", () => {
    expect(passHatK(10, 3, 2)).toBeCloseTo(3 / 45, 15); // C(3, 2) / C(10, 2)
    expect(passHatK(4, 4, 4)).toBe(1);
    expect(passHatK(4, 3, 4)).toBe(0);
  });

  it("equals C(c, k) / C(n, k) computed exactly, never exceeds pass@k, and falls with k", () => {
    fc.assert(
      fc.property(counts, ([n, c, k]) => {
        expect(Math.abs(passHatK(n, c, k) - ratio(choose(c, k), choose(n, k)))).toBeLessThan(1e-12);
        expect(passHatK(n, c, k)).toBeLessThanOrEqual(passAtK(n, c, k) + 1e-15);
        if (k < n) expect(passHatK(n, c, k + 1)).toBeLessThanOrEqual(passHatK(n, c, k) + 1e-15);
      }),
    );
  });
});

describe("consistencyReport", () => {
  const rows = [
    { caseId: "always", passes: 5, attempts: 5 },
    { caseId: "never", passes: 0, attempts: 5 },
    { caseId: "sometimes", passes: 2, attempts: 5 },
    { caseId: "mostly", passes: 4, attempts: 5 },
  ];

  it("classifies cases and averages pass@k and pass^k over them", () => {
    const report = consistencyReport(rows, 3);
    expect(report).toMatchObject({ cases: 4, k: 3, estimatedCases: 4, alwaysPass: 1, alwaysFail: 1, flaky: ["sometimes", "mostly"] });
    const expectedAtK = (1 + 0 + passAtK(5, 2, 3) + passAtK(5, 4, 3)) / 4;
    const expectedHatK = (1 + 0 + passHatK(5, 2, 3) + passHatK(5, 4, 3)) / 4;
    expect(report.passAtK).toBeCloseTo(expectedAtK, 15);
    expect(report.passHatK).toBeCloseTo(expectedHatK, 15);
  });

  it("defaults k to the fewest attempts and leaves short cases out of the means when k is larger", () => {
    const uneven = [...rows, { caseId: "errored", passes: 1, attempts: 2 }];
    expect(consistencyReport(uneven).k).toBe(2);
    const report = consistencyReport(uneven, 5);
    expect(report.estimatedCases).toBe(4);
    expect(report.cases).toBe(5);
    expect(report.flaky).toContain("errored");
  });

  it("keeps pass^k <= mean pass rate <= pass@k and partitions the cases", () => {
    const row = fc.integer({ min: 1, max: 10 }).chain((attempts) => fc.record({ caseId: fc.string(), attempts: fc.constant(attempts), passes: fc.integer({ min: 0, max: attempts }) }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (cases) => {
        const report = consistencyReport(cases);
        const meanRate = cases.reduce((sum, item) => sum + item.passes / item.attempts, 0) / cases.length;
        expect(report.passHatK).toBeLessThanOrEqual(meanRate + 1e-12);
        expect(report.passAtK).toBeGreaterThanOrEqual(meanRate - 1e-12);
        expect(report.alwaysPass + report.alwaysFail + report.flaky.length).toBe(cases.length);
      }),
    );
  });

  it("reports NaN means with no rows and rejects impossible rows", () => {
    expect(Number.isNaN(consistencyReport([]).passAtK)).toBe(true);
    expect(() => consistencyReport([{ caseId: "x", passes: 3, attempts: 2 }])).toThrow(/case x has 3 passes of 2/);
    expect(() => consistencyReport([{ caseId: "y", passes: 0, attempts: 0 }])).toThrow(/case y has 0 attempts/);
    expect(() => consistencyReport(rows, 0)).toThrow(/k must be/);
  });
});
