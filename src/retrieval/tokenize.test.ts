import { describe, expect, it } from "vitest";
import { tokenize } from "./tokenize.js";

describe("tokenize", () => {
  it("lowercases, drops stop words and stems", () => {
    expect(tokenize("The Cards are ARRIVING in the mail")).toEqual(["card", "arriv", "mail"]);
  });

  it("keeps words whole across apostrophes and splits on punctuation", () => {
    expect(tokenize("My card hasn't arrived, customer’s PIN-code!", { stem: false })).toEqual([
      "card",
      "hasnt",
      "arrived",
      "customers",
      "pin",
      "code",
    ]);
  });

  it("keeps negations and question words, which carry meaning", () => {
    expect(tokenize("why not", { stem: false })).toEqual(["why", "not"]);
  });

  it("handles non-Latin scripts and digits without stemming them", () => {
    expect(tokenize("Übertragung 2024 données Москва 東京")).toEqual(["übertragung", "2024", "données", "москва", "東京"]);
  });

  it("can keep stop words and skip stemming", () => {
    expect(tokenize("The running dogs", { removeStopWords: false, stem: false })).toEqual(["the", "running", "dogs"]);
  });

  it("returns nothing for text without words", () => {
    expect(tokenize("  ... !? ")).toEqual([]);
  });
});
