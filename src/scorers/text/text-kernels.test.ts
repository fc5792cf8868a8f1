import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenize13a } from "./bleu-tokenizers.js";
import { clippedMatchesByText } from "./ngram-matches.js";
import { lcsLengthByTable, rougeTokenizeByRegex } from "./rouge.js";
import { squadNormalizeByRegex } from "./squad-normalize.js";
import { kernelCommonTokens, kernelLcs, kernelMatches, kernelNgramMatches, kernelNormalizedText, kernelSameSequence, kernelTokenize } from "./text-kernels.js";
import { textKernelsSourceSha256 } from "./text-kernels-wasm.js";
import { anyText } from "./testing/text-arbitraries.js";

const tokensOf = (normalized: string): string[] => (normalized === "" ? [] : normalized.split(" "));

describe("text kernels (WebAssembly)", () => {
  it("were compiled from the current wasm/text-kernels.ts (run `npm run build:wasm` after changing it)", () => {
    const source = readFileSync(new URL("../../../wasm/text-kernels.ts", import.meta.url));
    expect(createHash("sha256").update(source).digest("hex")).toBe(textKernelsSourceSha256);
  });

  it("normalise as the SQuAD script does, or hand over", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const count = kernelTokenize("squad", 0, value);
        if (count < 0) return;
        expect(kernelNormalizedText(0)).toBe(squadNormalizeByRegex(value));
        expect(count).toBe(tokensOf(kernelNormalizedText(0)).length);
      }),
      { numRuns: 2000 },
    );
  });

  it("tokenize as rouge-score does, or hand over", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const count = kernelTokenize("rouge", 1, value);
        if (count < 0) return;
        expect(kernelNormalizedText(1)).toBe(rougeTokenizeByRegex(value).join(" "));
        expect(count).toBe(rougeTokenizeByRegex(value).length);
      }),
      { numRuns: 2000 },
    );
  });

  it("tokenize as sacrebleu's 13a does (lowercased or not), or hand over", () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (value, lowercase) => {
        const count = kernelTokenize("13a", 0, value, lowercase);
        if (count < 0) return;
        const expected = tokenize13a(lowercase ? value.toLowerCase() : value);
        expect(kernelNormalizedText(0)).toBe(expected);
        expect(count).toBe(tokensOf(expected).length);
      }),
      { numRuns: 2000 },
    );
  });

  it("hand over only for what their JavaScript fast paths also leave to the general one", () => {
    expect(kernelTokenize("squad", 0, "The cat's 3 dogs, and a U.S. flag!")).toBe(6);
    expect(kernelNormalizedText(0)).toBe("cats 3 dogs and us flag");
    expect(kernelTokenize("rouge", 0, "Where is my card number 12? It was ordered 3 days ago.")).toBe(12);
    expect(kernelTokenize("13a", 0, "Where is my card number 12? It was ordered 3 days ago.")).toBe(14);
    expect(kernelNormalizedText(0)).toBe("Where is my card number 12 ? It was ordered 3 days ago .");
    expect(kernelTokenize("squad", 0, "café")).toBe(-1);
    expect(kernelTokenize("13a", 0, "a & b")).toBe(-1);
    expect(kernelTokenize("13a", 0, "3.5")).toBe(-1);
    expect(kernelTokenize("rouge", 0, "x".repeat(70_000))).toBe(-1);
  });

  it("compare token lists as the JavaScript metrics do", () => {
    const words = fc.array(fc.constantFrom("a", "b", "c", "dd", "e", "ab"), { maxLength: 40 }).map((list) => list.join(" "));
    fc.assert(
      fc.property(words, words, fc.integer({ min: 1, max: 6 }), (left, right, maxOrder) => {
        expect(kernelTokenize("rouge", 0, left)).toBeGreaterThanOrEqual(0);
        expect(kernelTokenize("rouge", 1, right)).toBeGreaterThanOrEqual(0);
        const a = tokensOf(left);
        const b = tokensOf(right);
        expect(kernelSameSequence()).toBe(left === right);
        const counts = new Map<string, number>();
        for (const token of b) counts.set(token, (counts.get(token) ?? 0) + 1);
        let shared = 0;
        for (const token of a) {
          const left = counts.get(token) ?? 0;
          if (left > 0) {
            shared += 1;
            counts.set(token, left - 1);
          }
        }
        expect(kernelCommonTokens()).toBe(shared);
        expect(kernelLcs()).toBe(lcsLengthByTable(a, b));
        expect(kernelNgramMatches(maxOrder)).toBe(true);
        const expected = clippedMatchesByText(a, [b], maxOrder);
        for (let order = 1; order <= maxOrder; order++) expect(kernelMatches(order)).toBe(expected[order - 1]);
      }),
      { numRuns: 1000 },
    );
  });

  it("count the n-grams of long texts as the JavaScript clipping does", () => {
    const long = fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"), { minLength: 100, maxLength: 600 }).map((list) => list.join(" "));
    fc.assert(
      fc.property(long, long, (left, right) => {
        expect(kernelTokenize("rouge", 0, left)).toBeGreaterThanOrEqual(0);
        expect(kernelTokenize("rouge", 1, right)).toBeGreaterThanOrEqual(0);
        expect(kernelNgramMatches(4)).toBe(true);
        const expected = clippedMatchesByText(tokensOf(left), [tokensOf(right)], 4);
        expect([1, 2, 3, 4].map(kernelMatches)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("leave the quadratic comparisons of pairs over 65,536 token pairs to JavaScript", () => {
    expect(kernelTokenize("rouge", 0, "a b ".repeat(150))).toBe(300);
    expect(kernelTokenize("rouge", 1, "a ".repeat(300))).toBe(300);
    expect(kernelLcs()).toBe(-1);
    expect(kernelNgramMatches(5)).toBe(false);
    // The overlap and n-grams up to 4 are counted in hash tables: any size the sides hold.
    expect(kernelCommonTokens()).toBe(150);
    expect(kernelNgramMatches(4)).toBe(true);
    expect([1, 2, 3, 4].map(kernelMatches)).toEqual([150, 0, 0, 0]);
    expect(kernelTokenize("rouge", 0, "x ".repeat(4096))).toBe(4096);
    expect(kernelTokenize("rouge", 0, "x ".repeat(4097))).toBe(-1);
  });
});
