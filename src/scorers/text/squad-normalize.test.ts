import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pythonSplit } from "./python-text.js";
import { squadNormalizeByRegex, squadNormalizeDetail } from "./squad-normalize.js";
import { squadF1 } from "./squad.js";

// Characters that exercise every branch: letters of both cases, the article letters, digits,
// punctuation (string.punctuation and the underscore), Python whitespace, control characters,
// and non-ASCII letters, punctuation and whitespace (which leave the fast pass).
const alphabet = [..."aAnNtThHeEbx019 .,;!?'-_\"()\t\n\x0b\x0c\r\x1c\x1f\x01\x7f", "é", "É", "—", "\u00a0", "\u2003", "\u212a", "İ", "😀"];
const ascii = [..."aAnNtThHeEbx019 .,;!?'-_\"()\t\n\r"];
const text = (characters: readonly string[]) => fc.array(fc.constantFrom(...characters), { maxLength: 40 }).map((parts) => parts.join(""));

describe("squadNormalizeDetail", () => {
  it("equals the regular-expression transcription on ASCII text", () => {
    fc.assert(
      fc.property(text(ascii), (value) => {
        const normalized = squadNormalizeDetail(value);
        expect(normalized.text).toBe(squadNormalizeByRegex(value));
        expect(normalized.tokens).toEqual(pythonSplit(normalized.text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("equals it on any text, Unicode and control characters included", () => {
    fc.assert(
      fc.property(fc.oneof(text(alphabet), fc.string({ unit: "grapheme", maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 })), (value) => {
        const normalized = squadNormalizeDetail(value);
        expect(normalized.text).toBe(squadNormalizeByRegex(value));
        expect(normalized.tokens).toEqual(pythonSplit(normalized.text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("drops whole-word articles only", () => {
    expect(squadNormalizeDetail("The a-n THE. an theory A").text).toBe("theory");
    expect(squadNormalizeDetail("the\x01a").text).toBe(squadNormalizeByRegex("the\x01a"));
  });
});

describe("squadF1 token overlap", () => {
  // The script's `Counter(prediction) & Counter(gold)`, written plainly.
  const referenceF1 = (prediction: readonly string[], gold: readonly string[]): number => {
    const counts = new Map<string, number>();
    for (const token of gold) counts.set(token, (counts.get(token) ?? 0) + 1);
    let same = 0;
    for (const token of prediction) {
      const left = counts.get(token) ?? 0;
      if (left > 0) {
        same++;
        counts.set(token, left - 1);
      }
    }
    if (same === 0) return 0;
    const precision = same / prediction.length;
    const recall = same / gold.length;
    return (2 * precision * recall) / (precision + recall);
  };

  it("equals the Counter overlap on either side of 32 gold tokens", () => {
    const word = fc.constantFrom("x", "y", "z", "w");
    fc.assert(
      fc.property(fc.array(word, { maxLength: 50 }), fc.array(word, { maxLength: 50 }), (prediction, gold) => {
        expect(squadF1(prediction.join(" "), [gold.join(" ")])).toBe(referenceF1(prediction, gold));
      }),
      { numRuns: 1_000 },
    );
  });
});
