import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bm25Index } from "./bm25.js";

/** The textbook formula, computed document by document, as the reference for the inverted index. */
function naiveScores(documents: string[][], query: string[], k1 = 1.2, b = 0.75): number[] {
  const averageLength = documents.reduce((sum, document) => sum + document.length, 0) / documents.length || 1;
  return documents.map((document) => {
    let score = 0;
    for (const term of query) {
      const df = documents.filter((candidate) => candidate.includes(term)).length;
      if (df === 0) continue;
      const idf = Math.log(1 + (documents.length - df + 0.5) / (df + 0.5));
      const tf = document.filter((word) => word === term).length;
      score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * document.length) / averageLength));
    }
    return score;
  });
}

const identity = (text: string): string[] => text.split(" ").filter(Boolean);

describe("Bm25Index", () => {
  it("ranks the document that matches the query best first", () => {
    const index = new Bm25Index();
    index.add("How do I reset my PIN code?");
    index.add("My card was declined at the shop");
    index.add("Where is my new card? It has not arrived yet");
    const hits = index.search("card not arrived", 3);
    expect(hits.map((hit) => hit.index)).toEqual([2, 1]);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Infinity);
  });

  it("matches the textbook formula on a hand-checked corpus", () => {
    const index = new Bm25Index({ tokenize: identity });
    const documents = ["a b c", "a a d", "e f"];
    for (const document of documents) index.add(document);
    // N=3, df(a)=2: idf = ln(1 + 1.5/2.5); avgdl = 8/3.
    const idf = Math.log(1 + 1.5 / 2.5);
    const expected0 = (idf * 2.2) / (1 + 1.2 * (0.25 + (0.75 * 3) / (8 / 3)));
    const expected1 = (idf * 2 * 2.2) / (2 + 1.2 * (0.25 + (0.75 * 3) / (8 / 3)));
    const hits = index.search("a", 10);
    expect(hits.map((hit) => hit.index)).toEqual([1, 0]);
    expect(hits[0]?.score).toBeCloseTo(expected1, 12);
    expect(hits[1]?.score).toBeCloseTo(expected0, 12);
  });

  it("agrees with the naive formula on random corpora", () => {
    const word = fc.constantFrom("a", "b", "c", "d", "e", "f", "g");
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 8 }), { minLength: 1, maxLength: 30 }), fc.array(word, { minLength: 1, maxLength: 4 }), (documents, query) => {
        const index = new Bm25Index({ tokenize: identity });
        for (const document of documents) index.add(document.join(" "));
        const expected = naiveScores(documents, query);
        const hits = index.search(query.join(" "), documents.length);
        const got = new Map(hits.map((hit) => [hit.index, hit.score]));
        expected.forEach((score, document) => {
          if (score > 0) expect(got.get(document)).toBeCloseTo(score, 9);
          else expect(got.has(document)).toBe(false);
        });
        for (let position = 1; position < hits.length; position += 1) {
          const previous = hits[position - 1];
          const current = hits[position];
          if (!previous || !current) continue;
          expect(previous.score > current.score || (previous.score === current.score && previous.index < current.index)).toBe(true);
        }
      }),
    );
  });

  it("returns at most topK hits, the best ones", () => {
    const index = new Bm25Index({ tokenize: identity });
    for (let document = 0; document < 50; document += 1) index.add(`x ${"y ".repeat(document % 7)}`);
    const all = index.search("x y", 50);
    const top = index.search("x y", 5);
    expect(top).toEqual(all.slice(0, 5));
  });

  it("returns nothing for an empty index, an unknown term or topK 0", () => {
    const index = new Bm25Index();
    expect(index.search("anything", 3)).toEqual([]);
    index.add("some text");
    expect(index.search("unrelated", 3)).toEqual([]);
    expect(index.search("text", 0)).toEqual([]);
    expect(index.size).toBe(1);
  });

  it("indexes and searches 20,000 documents", () => {
    const index = new Bm25Index({ tokenize: identity });
    for (let document = 0; document < 20_000; document += 1) index.add(`a${document % 997} b${document % 13} common filler text`);
    const both: number[] = [];
    for (let document = 0; document < 20_000; document += 1) if (document % 997 === 5 && document % 13 === 6) both.push(document);
    expect(both.length).toBeGreaterThan(0);
    const hits = index.search("a5 b6", both.length + 1);
    // Documents with both terms outrank those with one; equal scores come in index order.
    expect(hits.slice(0, both.length).map((hit) => hit.index)).toEqual(both);
    expect(hits[both.length]?.score).toBeLessThan(hits[0]?.score ?? 0);
  });
});
