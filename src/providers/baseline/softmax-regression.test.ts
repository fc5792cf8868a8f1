import { describe, expect, it } from "vitest";
import { SoftmaxRegression } from "./softmax-regression.js";
import type { SparseVector } from "./tfidf-vectorizer.js";

const vector = (entries: [number, number][]): SparseVector => ({
  indices: Uint32Array.from(entries.map(([index]) => index)),
  values: Float64Array.from(entries.map(([, value]) => value)),
});

describe("SoftmaxRegression", () => {
  // Three classes, each marked by its own feature; feature 3 is noise shared by all.
  const vectors = [0, 1, 2].flatMap((label) => Array.from({ length: 20 }, () => vector([[label, 0.9], [3, 0.43]])));
  const labels = Int32Array.from([0, 1, 2].flatMap((label) => Array.from({ length: 20 }, () => label)));

  it("learns a separable problem", async () => {
    const model = await SoftmaxRegression.train({ vectors, labels, classCount: 3, dimension: 4 });
    for (const label of [0, 1, 2]) {
      const probabilities = model.probabilities(vector([[label, 1]]));
      expect(probabilities.indexOf(Math.max(...probabilities))).toBe(label);
      expect(probabilities[label]).toBeGreaterThan(0.8);
    }
  });

  it("returns the class prior for an empty vector", async () => {
    const model = await SoftmaxRegression.train({ vectors, labels, classCount: 3, dimension: 4 });
    const probabilities = model.probabilities(vector([]));
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
    for (const value of probabilities) expect(value).toBeCloseTo(1 / 3, 1);
  });

  it("is deterministic for a seed and varies with it", async () => {
    const train = (seed: number) => SoftmaxRegression.train({ vectors, labels, classCount: 3, dimension: 4, seed, epochs: 1 });
    const probe = vector([[0, 0.5], [1, 0.5]]);
    const [a, b, c] = await Promise.all([train(3), train(3), train(4)]);
    expect(b.probabilities(probe)).toEqual(a.probabilities(probe));
    expect(c.probabilities(probe)).not.toEqual(a.probabilities(probe));
  });

  it("keeps weights finite under strong regularisation (the scale is folded back in)", async () => {
    const model = await SoftmaxRegression.train({ vectors, labels, classCount: 3, dimension: 4, l2: 0.5, epochs: 50 });
    for (const value of model.probabilities(vector([[0, 1]]))) expect(Number.isFinite(value)).toBe(true);
  });
});
