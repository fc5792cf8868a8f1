import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pythonSplit } from "./python-text.js";
import { squadNormalizeByRegex, squadNormalizeDetail } from "./squad-normalize.js";

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
