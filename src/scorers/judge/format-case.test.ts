import { describe, expect, it } from "vitest";
import { formatCase } from "./format-case.js";

describe("formatCase", () => {
  it("lists every field, JSON for non-strings, indenting continuation lines", () => {
    expect(formatCase({ question: "Why?\nReally?", n: 3, tags: ["a", "b"] })).toBe('question: Why?\n  Really?\nn: 3\ntags: ["a","b"]');
  });

  it("says when there are no fields", () => {
    expect(formatCase({})).toBe("(no fields)");
  });

  it("leaves out fields equal to a hidden reference, lists included", () => {
    expect(formatCase({ question: "Q", answer: " Paris ", answers: ["Paris", "paris"] }, ["Paris", "paris"])).toBe("question: Q");
  });

  it("cuts long values and long sections", () => {
    const text = formatCase({ long: "x".repeat(700) });
    expect(text).toBe(`long: ${"x".repeat(600)}… (100 more characters)`);
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`field${index}`, "y".repeat(590)]));
    const section = formatCase(many);
    expect(section.length).toBeLessThan(2_500);
    expect(section.endsWith("(6 more fields left out)")).toBe(true);
  });
});
