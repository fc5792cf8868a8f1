import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createLevenshteinScorer, dynamicProgrammingDistance, levenshteinDistance, levenshteinSimilarity } from "./levenshtein.js";

const points = (text: string): number[] => Array.from(text, (character) => character.codePointAt(0) as number);

describe("Levenshtein distance", () => {
  it.each([
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["saturday", "sunday", 3],
    ["gumbo", "gambol", 2],
    ["intention", "execution", 5],
  ])("%j -> %j = %d", (a, b, distance) => {
    expect(levenshteinDistance(a, b)).toBe(distance);
  });

  it("counts code points: an astral character is one edit", () => {
    expect(levenshteinDistance("😀", "😃")).toBe(1);
    expect(levenshteinDistance("a😀b", "ab")).toBe(1);
    expect(levenshteinSimilarity("😀", "")).toBe(0);
  });

  it("handles patterns longer than 32 characters (dynamic programme) and exactly 32 (bit-parallel)", () => {
    const long = "abcdefghijklmnopqrstuvwxyz0123456789";
    expect(levenshteinDistance(long, long.replace("m", "M").replace("5", ""))).toBe(2);
    const thirtyTwo = "x".repeat(32);
    expect(levenshteinDistance(thirtyTwo, `${"y".repeat(32)}`)).toBe(32);
  });
});

describe("Levenshtein similarity", () => {
  it("is 1 - d / longer length, and 1 for two empty strings", () => {
    expect(levenshteinSimilarity("kitten", "sitting")).toBeCloseTo(1 - 3 / 7, 12);
    expect(levenshteinSimilarity("", "")).toBe(1);
    expect(levenshteinSimilarity("abc", "xyz")).toBe(0);
  });
});

describe("Levenshtein properties", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "b", "c", "é", "😀"), maxLength: 50 });

  it("the bit-parallel path equals the dynamic programme", () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(levenshteinDistance(a, b)).toBe(dynamicProgrammingDistance(points(a), points(b)));
      }),
    );
  });

  it("is a metric: zero on identity, symmetric, triangle inequality", () => {
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(levenshteinDistance(a, a)).toBe(0);
        expect(levenshteinDistance(a, b)).toBe(levenshteinDistance(b, a));
        expect(levenshteinDistance(a, c)).toBeLessThanOrEqual(levenshteinDistance(a, b) + levenshteinDistance(b, c));
      }),
    );
  });

  it("is bounded by the longer length and at least the length difference; similarity in [0, 1]", () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const [lengthA, lengthB] = [points(a).length, points(b).length];
        const distance = levenshteinDistance(a, b);
        expect(distance).toBeLessThanOrEqual(Math.max(lengthA, lengthB));
        expect(distance).toBeGreaterThanOrEqual(Math.abs(lengthA - lengthB));
        const similarity = levenshteinSimilarity(a, b);
        expect(similarity).toBeGreaterThanOrEqual(0);
        expect(similarity).toBeLessThanOrEqual(1);
        expect(levenshteinSimilarity(a, a)).toBe(1);
      }),
    );
  });
});

describe("levenshtein scorer", () => {
  it("scores the best similarity over references, with the distance in the reason; threshold 0.8", async () => {
    const scorer = createLevenshteinScorer({ type: "levenshtein", weight: 1 }, factoryOptions("levenshtein"));
    expect(scorer.threshold).toBe(0.8);
    const outcome = await scorer.score(scoreInput("sitting", ["something", "kitten"]));
    expect(outcome.score).toBeCloseTo(1 - 3 / 7, 12);
    expect(outcome.reason).toContain("distance 3");
    expect(outcome.reason).toContain('"kitten"');
    expect((await scorer.score(scoreInput("same", "same"))).score).toBe(1);
  });
});
