import { describe, expect, it } from "vitest";
import { ignoredSchemaKeywords } from "./ignored-schema-keywords.js";

describe("ignoredSchemaKeywords", () => {
  it("finds nothing in a schema the grammar enforces", () => {
    expect(ignoredSchemaKeywords({ type: "object", properties: { a: { enum: ["x", "y"] }, b: { type: "boolean" } }, required: ["a"] })).toEqual([]);
  });

  it("finds unenforced keywords at any depth, once each, sorted", () => {
    const schema = {
      type: "object",
      properties: {
        age: { type: "integer", minimum: 0, maximum: 130 },
        tags: { type: "array", items: { type: "string", pattern: "^[a-z]+$" }, uniqueItems: true },
        choice: { anyOf: [{ type: "number", minimum: 1 }, { type: "null" }] },
      },
      $defs: { code: { type: "string", pattern: "^[A-Z]{3}$" } },
    };
    expect(ignoredSchemaKeywords(schema)).toEqual(["maximum", "minimum", "pattern", "uniqueItems"]);
  });

  it("does not mistake a property named like a keyword for the keyword", () => {
    expect(ignoredSchemaKeywords({ type: "object", properties: { pattern: { type: "string" }, minimum: { type: "number" } } })).toEqual([]);
  });
});
