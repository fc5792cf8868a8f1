import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clippedMatches, clippedMatchesByText, clippedMatchesShort, TokenIds } from "./ngram-matches.js";

describe("clipped n-gram matches", () => {
  it("counts each n-gram at most as often as the richest reference holds it", () => {
    const hypothesis = ["the", "the", "the", "cat"];
    const references = [["the", "cat"], ["the", "the", "dog"]];
    expect(clippedMatchesByText(hypothesis, references, 2)).toEqual([3, 2]);
    const vocabulary = new TokenIds();
    const ids = vocabulary.encode(hypothesis);
    const referenceIds = references.map((tokens) => vocabulary.encode(tokens));
    expect(clippedMatches({ hypothesis: ids, references: referenceIds, maxOrder: 2, base: vocabulary.base(2) ?? 0 })).toEqual([3, 2]);
  });

  it("the numeric hash table equals counting by text", () => {
    const token = fc.constantFrom("a", "b", "c", "d", "e", "f");
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), fc.array(fc.array(token, { maxLength: 40 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 6 }), (hypothesis, references, maxOrder) => {
        const vocabulary = new TokenIds();
        const ids = vocabulary.encode(hypothesis);
        const referenceIds = references.map((tokens) => vocabulary.encode(tokens));
        const base = vocabulary.base(maxOrder);
        expect(base).toBeDefined();
        expect(clippedMatches({ hypothesis: ids, references: referenceIds, maxOrder, base: base ?? 0 })).toEqual(clippedMatchesByText(hypothesis, references, maxOrder));
      }),
    );
  });

  it("direct comparison for one short reference equals counting by text", () => {
    const token = fc.constantFrom("a", "b", "c", "d", "e", "é", "😀");
    fc.assert(
      fc.property(fc.array(token, { maxLength: 50 }), fc.array(token, { maxLength: 32 }), fc.integer({ min: 1, max: 6 }), (hypothesis, reference, maxOrder) => {
        expect(clippedMatchesShort(hypothesis, reference, maxOrder)).toEqual(clippedMatchesByText(hypothesis, [reference], maxOrder));
      }),
      { numRuns: 2_000 },
    );
    expect(clippedMatchesShort(["a", "a", "b"], ["a", "b", "a"], 4)).toEqual([3, 1, 0, 0]);
    expect(() => clippedMatchesShort([], Array.from({ length: 33 }, () => "a"), 4)).toThrow(RangeError);
  });
});
