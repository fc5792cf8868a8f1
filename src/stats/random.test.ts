import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom, RandomIntStream, randomInt } from "./random.js";

describe("seeded random sources", () => {
  it("give mulberry32's published first outputs", () => {
    // mulberry32 seeded with 0: 0.26642920868471265 (= 1144304738 / 2^32), then the next two.
    const random = createRandom(0);
    const first = Array.from({ length: 3 }, () => Math.round(random() * 2 ** 32));
    expect(first).toEqual([1144304738, 1416247, 958946056]);
  });

  it("RandomIntStream draws exactly what randomInt(createRandom(seed)) draws, across batches", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 5 }),
        (seed, max, batches) => {
          const random = createRandom(seed);
          const stream = new RandomIntStream(seed);
          for (const size of batches) {
            const drawn = new Int32Array(size);
            stream.fill(drawn, max);
            const expected = Array.from({ length: size }, () => randomInt(random, max));
            expect(Array.from(drawn)).toEqual(expected);
          }
        },
      ),
    );
  });

  it("RandomIntStream stays within [0, max)", () => {
    const drawn = new Int32Array(10_000);
    new RandomIntStream(42).fill(drawn, 7);
    expect(Math.min(...drawn)).toBe(0);
    expect(Math.max(...drawn)).toBe(6);
  });
});
