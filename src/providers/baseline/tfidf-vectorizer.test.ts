import { describe, expect, it } from "vitest";
import { TfidfVectorizer } from "./tfidf-vectorizer.js";

function norm(values: Float64Array): number {
  return Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
}

describe("TfidfVectorizer", () => {
  it("computes sublinear tf, smooth idf and an l2 norm as scikit-learn does", () => {
    const vectorizer = TfidfVectorizer.fit(["card card lost", "card arrived"], { wordNgrams: 1 });
    expect(vectorizer.dimension).toBe(3);
    const vector = vectorizer.transform("card card lost");
    expect(vector.indices.length).toBe(2);
    // card: tf 2 -> 1 + ln 2, df 2 -> idf 1; lost: tf 1, df 1 -> idf ln(3/2) + 1.
    const card = 1 + Math.log(2);
    const lost = Math.log(3 / 2) + 1;
    const length = Math.hypot(card, lost);
    expect([...vector.values].sort()).toEqual([card / length, lost / length].sort());
  });

  it("adds bigrams and ignores features unseen in training", () => {
    const vectorizer = TfidfVectorizer.fit(["lost card", "card arrived"]);
    // lost, card, arrived, "lost card", "card arrived"
    expect(vectorizer.dimension).toBe(5);
    expect(vectorizer.transform("card lost").indices.length).toBe(2);
    expect(vectorizer.transform("nothing known").indices.length).toBe(0);
  });

  it("weights word and character families equally, each l2-normalised", () => {
    const vectorizer = TfidfVectorizer.fit(["lost card", "card arrived"], { charNgrams: [3, 4] });
    const vector = vectorizer.transform("lost card");
    expect(norm(vector.values)).toBeCloseTo(1, 12);
    for (let position = 1; position < vector.indices.length; position += 1) expect(vector.indices[position]).toBeGreaterThan(vector.indices[position - 1] ?? -1);
  });

  it("drops rare features below the minimum document frequency", () => {
    const vectorizer = TfidfVectorizer.fit(["card lost", "card arrived", "card"], { wordNgrams: 1, minDocumentFrequency: 2 });
    expect(vectorizer.dimension).toBe(1);
  });
});
