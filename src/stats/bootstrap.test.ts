import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TuneopsError } from "../spec/errors.js";
import { bootstrapCorpusInterval, bootstrapCorpusIntervalFlat, bootstrapInterval, bootstrapMeanInterval } from "./bootstrap.js";
import { meanInterval } from "./mean-interval.js";
import { createRandom } from "./random.js";

const sample = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 60 });

function meanOf(values: readonly number[]) {
  return (indices: Int32Array): number => {
    let sum = 0;
    for (let index = 0; index < indices.length; index++) sum += values[indices[index] as number] as number;
    return sum / indices.length;
  };
}

describe("bootstrapInterval", () => {
  it("is reproducible for a seed and changes with the seed", () => {
    const values = Array.from({ length: 50 }, (_, index) => (index * 7) % 13);
    const first = bootstrapInterval({ n: values.length, statistic: meanOf(values), seed: 42 });
    const again = bootstrapInterval({ n: values.length, statistic: meanOf(values), seed: 42 });
    const other = bootstrapInterval({ n: values.length, statistic: meanOf(values), seed: 43 });
    expect(again).toEqual(first);
    expect(other.low === first.low && other.high === first.high).toBe(false);
    expect(first.resamples).toBe(1000);
    expect(first.n).toBe(50);
  });

  it("draws every index in range, with repeats", () => {
    const seen = new Set<number>();
    bootstrapInterval({
      n: 5,
      resamples: 200,
      statistic: (indices) => {
        for (const index of indices) {
          expect(index).toBeGreaterThanOrEqual(0);
          expect(index).toBeLessThan(5);
          seen.add(index);
        }
        expect(indices.length).toBe(5);
        return 0;
      },
    });
    expect(seen.size).toBe(5);
  });

  it("agrees with the t interval for the mean of a large roughly normal sample", () => {
    const random = createRandom(7);
    const values = Array.from({ length: 2000 }, () => random() + random() + random());
    const bootstrap = bootstrapInterval({ n: values.length, statistic: meanOf(values), resamples: 2000, seed: 1 });
    const t = meanInterval(values);
    const width = t.high - t.low;
    expect(Math.abs(bootstrap.low - t.low)).toBeLessThan(0.1 * width);
    expect(Math.abs(bootstrap.high - t.high)).toBeLessThan(0.1 * width);
  });

  it("keeps the interval inside the range of the statistic and ordered", () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 0, max: 1000 }), (values, seed) => {
        const result = bootstrapInterval({ n: values.length, statistic: meanOf(values), resamples: 50, seed });
        expect(result.low).toBeLessThanOrEqual(result.high);
        expect(result.low).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
        expect(result.high).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
      }),
    );
  });

  it("widens with the confidence level", () => {
    fc.assert(
      fc.property(sample, (values) => {
        const narrow = bootstrapInterval({ n: values.length, statistic: meanOf(values), resamples: 200, confidence: 0.8 });
        const wide = bootstrapInterval({ n: values.length, statistic: meanOf(values), resamples: 200, confidence: 0.99 });
        expect(wide.low).toBeLessThanOrEqual(narrow.low);
        expect(wide.high).toBeGreaterThanOrEqual(narrow.high);
      }),
    );
  });

  it("leaves NaN statistics out of the interval and counts what entered", () => {
    let call = 0;
    const result = bootstrapInterval({ n: 3, resamples: 10, statistic: () => (call++ % 2 === 0 ? NaN : 1) });
    expect(result.resamples).toBe(5);
    expect(result.low).toBe(1);
    expect(result.high).toBe(1);
  });

  it("has no interval without cases", () => {
    const result = bootstrapInterval({ n: 0, statistic: () => NaN });
    expect(result.n).toBe(0);
    expect(result.resamples).toBe(0);
    expect(Number.isNaN(result.low) && Number.isNaN(result.high)).toBe(true);
  });

  it("rejects bad options as input errors", () => {
    const statistic = () => 0;
    expect(() => bootstrapInterval({ n: -1, statistic })).toThrow(TuneopsError);
    expect(() => bootstrapInterval({ n: 1.5, statistic })).toThrow(/integer/);
    expect(() => bootstrapInterval({ n: 3, statistic, resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapInterval({ n: 3, statistic, confidence: 1 })).toThrow(/confidence/);
    expect(() => bootstrapInterval({ n: 3, statistic, seed: NaN })).toThrow(/seed/);
  });
});

describe("bootstrapMeanInterval", () => {
  it("gives exactly the general bootstrap's result with a mean statistic and the same seed", () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 0, max: 2 ** 31 }), (values, seed) => {
        const fast = bootstrapMeanInterval(values, { seed, resamples: 100 });
        const general = bootstrapInterval({ n: values.length, statistic: meanOf(values), seed, resamples: 100 });
        expect(fast).toEqual(general);
      }),
    );
  });

  it("accepts typed arrays and plain arrays alike", () => {
    const values = [0, 1, 1, 0, 1, 1, 1, 0, 1, 1];
    expect(bootstrapMeanInterval(Float64Array.from(values), { seed: 5 })).toEqual(bootstrapMeanInterval(values, { seed: 5 }));
    expect(bootstrapMeanInterval(values).estimate).toBe(0.7);
  });

  it("rejects non-finite values", () => {
    expect(() => bootstrapMeanInterval([1, NaN])).toThrow(/index 1/);
  });

  it("collapses to the point when every value is equal", () => {
    expect(bootstrapMeanInterval([3, 3, 3, 3])).toMatchObject({ estimate: 3, low: 3, high: 3 });
  });
});

// A corpus ratio metric: total matches over total length, the shape of corpus BLEU's precisions.
const ratio = (summed: Float64Array): number => (summed[1] === 0 ? 0 : (summed[0] as number) / (summed[1] as number));
/** Per-case [matches, length] rows for it. */
const ratioRows = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 40 })
  .map((rows) => rows.map(([matches, total]) => [Math.min(matches, total), total]));

describe("bootstrapCorpusInterval", () => {

  it("applies the corpus function to summed statistics, not to a mean of per-case scores", () => {
    const stats = [
      [1, 1],
      [0, 9],
    ];
    const result = bootstrapCorpusInterval(stats, ratio, { seed: 3 });
    expect(result.estimate).toBe(0.1); // (1 + 0) / (1 + 9); the mean of per-case ratios would be 0.5.
    expect(result.low).toBeGreaterThanOrEqual(0);
    expect(result.high).toBeLessThanOrEqual(1);
  });

  it("matches the general bootstrap with the same draws", () => {
    fc.assert(
      fc.property(
        ratioRows,
        fc.integer({ min: 0, max: 10_000 }),
        (stats, seed) => {
          const corpus = bootstrapCorpusInterval(stats, ratio, { seed, resamples: 100 });
          const general = bootstrapInterval({
            n: stats.length,
            seed,
            resamples: 100,
            statistic: (indices) => {
              let matches = 0;
              let total = 0;
              for (const index of indices) {
                matches += stats[index]?.[0] ?? 0;
                total += stats[index]?.[1] ?? 0;
              }
              return matches / total;
            },
          });
          expect(corpus).toEqual(general);
        },
      ),
    );
  });

  it("names the case whose statistics have the wrong length", () => {
    expect(() => bootstrapCorpusInterval([[1, 2], [3]], ratio)).toThrow(/case 1 has 1/);
    expect(() => bootstrapCorpusInterval([[1, Infinity]], ratio)).toThrow(/statistic 1 of case 0/);
  });
});

describe("bootstrapCorpusIntervalFlat", () => {
  it("gives what bootstrapCorpusInterval gives on the same rows", () => {
    fc.assert(
      fc.property(
        ratioRows,
        fc.integer({ min: 0, max: 10_000 }),
        (stats, seed) => {
          expect(bootstrapCorpusIntervalFlat(Float64Array.from(stats.flat()), 2, ratio, { seed, resamples: 100 })).toEqual(bootstrapCorpusInterval(stats, ratio, { seed, resamples: 100 }));
        },
      ),
    );
  });

  it("rejects statistics that do not make whole rows, or are not finite", () => {
    expect(() => bootstrapCorpusIntervalFlat(Float64Array.from([1, 2, 3]), 2, ratio)).toThrow(/3 statistics do not make rows of 2/);
    expect(() => bootstrapCorpusIntervalFlat(Float64Array.from([1, 2, 3, Number.NaN]), 2, ratio)).toThrow(/statistic 1 of case 1 is NaN/);
  });
});
