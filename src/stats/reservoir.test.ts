import { describe, expect, it } from "vitest";
import { createRandom } from "./random.js";
import { Reservoir } from "./reservoir.js";

describe("Reservoir", () => {
  it("keeps everything until full", () => {
    const reservoir = new Reservoir({ capacity: 5 });
    for (const value of [3, 1, 2]) reservoir.add(value);
    expect(Array.from(reservoir.sorted())).toEqual([1, 2, 3]);
    expect(reservoir.count).toBe(3);
  });

  it("never holds more than its capacity", () => {
    const reservoir = new Reservoir({ capacity: 10, seed: 3 });
    for (let value = 0; value < 10_000; value++) reservoir.add(value);
    expect(reservoir.size).toBe(10);
    expect(reservoir.count).toBe(10_000);
    expect(new Set(reservoir.values()).size).toBe(10);
  });

  it("is reproducible for a seed", () => {
    const sample = (seed: number) => {
      const reservoir = new Reservoir({ capacity: 8, seed });
      for (let value = 0; value < 1000; value++) reservoir.add(value);
      return Array.from(reservoir.values());
    };
    expect(sample(42)).toEqual(sample(42));
    expect(sample(42)).not.toEqual(sample(43));
  });

  it("samples uniformly", () => {
    // Each of 100 stream positions should be kept with probability 10/100; over 2000 trials the
    // count per position is Binomial(2000, 0.1): mean 200, sd ~13.4. Bounds at ~6 sd fail only on a bug.
    const hits = new Array<number>(100).fill(0);
    for (let trial = 0; trial < 2000; trial++) {
      const reservoir = new Reservoir({ capacity: 10, seed: trial + 1 });
      for (let value = 0; value < 100; value++) reservoir.add(value);
      for (const value of reservoir.values()) hits[value] = (hits[value] ?? 0) + 1;
    }
    for (const count of hits) {
      expect(count).toBeGreaterThan(120);
      expect(count).toBeLessThan(280);
    }
    const firstHalf = hits.slice(0, 50).reduce((sum, count) => sum + count, 0);
    expect(firstHalf / 20_000).toBeCloseTo(0.5, 1);
  });

  it("rejects a bad capacity", () => {
    expect(() => new Reservoir({ capacity: 0 })).toThrow(/capacity/);
  });
});

describe("createRandom", () => {
  it("gives floats in [0, 1) reproducibly", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    for (let index = 0; index < 1000; index++) {
      const value = a();
      expect(value).toBe(b());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
