import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenize13a, tokenizeChar, tokenizeIntl, tokenizeNone } from "./bleu-tokenizers.js";

describe("13a tokenizer (mteval-v13a as sacrebleu)", () => {
  it.each([
    // /work/shared/reference/metrics.md
    ["It wasn't surprising.", "It wasn't surprising ."],
    ["Hello, world!", "Hello , world !"],
    ["It costs $1,000.50 (approx.)", "It costs $ 1,000.50 ( approx . )"],
    ["pages 3-4 and well-known", "pages 3 - 4 and well-known"],
    ["&quot;quoted&quot; &amp; &lt;b&gt;", '" quoted " & < b >'],
    ["line one-\ncontinued\nline two <skipped>", "line onecontinued line two"],
    ["a.b 1.5 x,1 1,x", "a . b 1.5 x , 1 1 , x"],
    ["  spaced\tout  ", "spaced out"],
  ])("%j -> %j", (input, expected) => {
    expect(tokenize13a(input)).toBe(expected);
  });
});

describe("13a fast path", () => {
  // sacrebleu's steps as written (space inside the symbol class, Unicode mode, no shortcuts): the
  // oracle for the faster form tokenize13a takes.
  const literal13a = (line: string): string => {
    let text = line.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
    text = text.replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
    text = ` ${text} `
      .replace(/([\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40\x2f])/gu, " $1 ")
      .replace(/([^0-9])([.,])/gu, "$1 $2 ")
      .replace(/([.,])([^0-9])/gu, " $1 $2")
      .replace(/([0-9])(-)/gu, "$1 $2 ");
    // Python's str.split(): its whitespace includes U+001C..U+001F, U+0085 and U+00A0.
    return text
      .split(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u)
      .filter((token) => token !== "")
      .join(" ");
  };

  it("equals the literal transcription of sacrebleu's steps", () => {
    const unit = fc.constantFrom("a", "B", "1", "9", ".", ",", "-", " ", "  ", "\t", "\u00a0", "'", '"', "&", "&amp;", "&quot;", "\n", "-\n", "$", "(", ")", ";", "!", "?", "...", "/", ":", "@", "[", "`", "{", "~", "é", "😀", "<skipped>");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const line = units.join("");
        expect(tokenize13a(line)).toBe(literal13a(line));
      }),
      { numRuns: 3_000 },
    );
  });

  it("equals it on ASCII lines (the one-pass path), control characters and Python-only whitespace included", () => {
    const unit = fc.constantFrom("a", "B", "1", "9", ".", ",", "-", "'", " ", "\t", "\v", "\f", "\r", "\x1c", "\x1f", "\x01", "\x7f", '"', "$", "(", ")", ";", "!", "?", "/", ":", "@", "[", "_", "`", "{", "~", "word", "3-4", "x.", "(y)");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const line = units.join("");
        expect(tokenize13a(line)).toBe(literal13a(line));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe("intl tokenizer (mteval-v14 international as sacrebleu)", () => {
  it.each([
    ["Hello, world!", "Hello , world !"],
    ["1,000.50 and 3.14", "1,000.50 and 3.14"],
    ["€5 or 5$", "€ 5 or 5 $"],
    ["«Bonjour», dit-il.", "« Bonjour » , dit - il ."],
    // mteval-v14 leaves a period after a number at the very end (no padding), as sacrebleu documents.
    ["It was 2019.", "It was 2019."],
  ])("%j -> %j", (input, expected) => {
    expect(tokenizeIntl(input)).toBe(expected);
  });
});

describe("char and none tokenizers", () => {
  it("char splits every code point, astral ones included", () => {
    expect(tokenizeChar("ab c😀")).toBe("a b   c 😀");
  });

  it("none leaves the segment alone", () => {
    expect(tokenizeNone("It wasn't surprising.")).toBe("It wasn't surprising.");
  });
});
