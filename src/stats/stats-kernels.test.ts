import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bootstrapCorpusIntervalFlat, bootstrapInterval } from "./bootstrap.js";
import { statsKernelsSourceSha256 } from "./stats-kernels-wasm.js";

describe("stats kernels (WebAssembly)", () => {
  it("were compiled from the current wasm/stats-kernels.ts (run `npm run build:wasm` after changing it)", () => {
    const source = readFileSync(new URL("../../wasm/stats-kernels.ts", import.meta.url));
    expect(createHash("sha256").update(source).digest("hex")).toBe(statsKernelsSourceSha256);
  });

  it("resample as the JavaScript bootstrap does, to the last bit, for any numbers and row widths", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer(),
        (width, values, seed) => {
          const rows = Math.max(1, Math.floor(values.length / width));
          const flat = Float64Array.from({ length: rows * width }, (_, index) => values[index % values.length] as number);
          const statistic = (summed: ArrayLike<number>): number => {
            let total = 0;
            for (let column = 0; column < summed.length; column++) total += (summed[column] as number) * (column + 1);
            return total;
          };
          const general = bootstrapInterval({
            n: rows,
            seed,
            resamples: 50,
            statistic: (indices) => {
              const summed = new Float64Array(width);
              for (const index of indices) for (let column = 0; column < width; column++) summed[column] = (summed[column] as number) + (flat[index * width + column] as number);
              return statistic(summed);
            },
          });
          expect(bootstrapCorpusIntervalFlat(flat, width, statistic, { seed, resamples: 50 })).toEqual(general);
        },
      ),
    );
  });

  it("grow their memory for large inputs", () => {
    const flat = new Float64Array(40_000 * 3).fill(1);
    const result = bootstrapCorpusIntervalFlat(flat, 3, (summed) => (summed[0] as number) / 40_000, { resamples: 5 });
    expect(result).toMatchObject({ estimate: 1, low: 1, high: 1, n: 40_000 });
  });
});
