import { describe, expect, it } from "vitest";
import { splitPassages } from "./split-passages.js";

const words = (count: number, word = "word"): string => Array.from({ length: count }, (_, index) => `${word}${index}`).join(" ");

describe("splitPassages", () => {
  it("splits on blank lines, including lines of spaces and Windows line ends", () => {
    const text = `${words(30, "a")}\r\n\r\n${words(30, "b")}\n   \n${words(30, "c")}`;
    expect(splitPassages(text)).toEqual([words(30, "a"), words(30, "b"), words(30, "c")]);
  });

  it("keeps a heading with the paragraph after it", () => {
    const passages = splitPassages(`# Refunds\n\n${words(30)}\n\n## Shipping\n\n${words(25, "s")}`);
    expect(passages).toEqual([`# Refunds\n\n${words(30)}`, `## Shipping\n\n${words(25, "s")}`]);
  });

  it("joins a short last paragraph to the one before", () => {
    expect(splitPassages(`${words(30)}\n\nThanks.`)).toEqual([`${words(30)}\n\nThanks.`]);
  });

  it("cuts long paragraphs into near-equal pieces of at most maxWords words", () => {
    const passages = splitPassages(words(450));
    expect(passages.map((passage) => passage.split(" ").length)).toEqual([150, 150, 150]);
    expect(passages.join(" ")).toBe(words(450));
  });

  it("respects custom sizes", () => {
    expect(splitPassages("one two\n\nthree four", { minWords: 1 })).toEqual(["one two", "three four"]);
    expect(splitPassages("one two three four five", { maxWords: 2 })).toEqual(["one two", "three four", "five"]);
  });

  it("returns nothing for blank text", () => {
    expect(splitPassages(" \n\n \n")).toEqual([]);
  });
});
