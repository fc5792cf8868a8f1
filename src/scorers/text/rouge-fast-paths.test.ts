import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lcsLength, lcsLengthByTable, rougeTokenize, rougeTokenizeByRegex } from "./rouge.js";

describe("ROUGE fast paths", () => {
  const ascii = [..."aZq09 .,'-_\t\n\x01\x7f", "Word", "THE"];
  const any = [...ascii, "é", "É", "\u212a", "İ", "ß", "😀", "\u00a0"];
  const text = (characters: readonly string[]) => fc.array(fc.constantFrom(...characters), { maxLength: 40 }).map((parts) => parts.join(""));

  it("the one-pass tokenizer equals the regular expressions on ASCII and Unicode text", () => {
    fc.assert(
      fc.property(fc.oneof(text(ascii), text(any), fc.string({ unit: "binary", maxLength: 30 })), (value) => {
        expect(rougeTokenize(value)).toEqual(rougeTokenizeByRegex(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it("the one-word LCS (a side of at most 32 tokens) equals the table against longer texts", () => {
    const word = fc.constantFrom("a", "b", "c", "d");
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 32 }), fc.array(word, { maxLength: 90 }), (short, long) => {
        expect(lcsLength(short, long)).toBe(lcsLengthByTable(short, long));
        expect(lcsLength(long, short)).toBe(lcsLengthByTable(long, short));
      }),
      { numRuns: 1_000 },
    );
    const same = ["x", "y", "x"];
    expect(lcsLength(same, same)).toBe(3);
  });
});
