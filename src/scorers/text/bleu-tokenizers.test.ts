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
