import { describe, expect, it } from "vitest";
import { createReferenceValues } from "./reference-values.js";
import { renderLiquid, scoreInput } from "./testing/score-input.js";

describe("createReferenceValues", () => {
  it("defaults to the expected value, a list giving several values", () => {
    const references = createReferenceValues({ name: "r", templates: undefined, render: renderLiquid });
    expect(references(scoreInput("x", "Paris"))).toEqual(["Paris"]);
    expect(references(scoreInput("x", ["a", 2, null]))).toEqual(["a", "2"]);
    expect(references(scoreInput("x", { k: 1 }))).toEqual(['{"k":1}']);
    expect(() => references(scoreInput("x", null))).toThrow(/no expected value/);
  });

  it("reads a single-variable template directly, like the engine would render it", () => {
    const direct = createReferenceValues({ name: "r", templates: ["{{ label }}"], render: () => { throw new Error("rendered"); } });
    expect(direct(scoreInput("x", undefined, { label: "spam" }))).toEqual(["spam"]);
    expect(direct(scoreInput("x", undefined, { label: ["spam", "junk"] }))).toEqual(["spam", "junk"]);
    expect(() => direct(scoreInput("x", undefined, {}))).toThrow(/no `label` field/);
    const rendered = createReferenceValues({ name: "r", templates: ["{{ label }}"], render: renderLiquid });
    expect(rendered(scoreInput("x", undefined, { label: "ham" }))).toEqual(createReferenceValues({ name: "r", templates: ["{{ label | strip }}"], render: renderLiquid })(scoreInput("x", undefined, { label: "ham" })));
  });

  it("renders other templates with the case's fields, expected and output", () => {
    const references = createReferenceValues({ name: "r", templates: ["{{ city }}, {{ expected }}", "plain"], render: renderLiquid, transform: (value) => value.toUpperCase() });
    expect(references(scoreInput("out", "fr", { city: "Lyon" }))).toEqual(["LYON, FR", "PLAIN"]);
  });

  it("gives the next scorer of the same case the list already read, and reads again for another case, field or transform", () => {
    const first = createReferenceValues({ name: "a", templates: undefined, render: renderLiquid });
    const second = createReferenceValues({ name: "b", templates: undefined, render: renderLiquid });
    const lower = createReferenceValues({ name: "c", templates: undefined, render: renderLiquid, transform: (value) => value.toLowerCase() });
    const byField = createReferenceValues({ name: "d", templates: ["{{ label }}"], render: renderLiquid });
    const input = scoreInput("x", "Paris", { label: "City" });
    const read = first(input);
    expect(second(input)).toBe(read);
    expect(lower(input)).toEqual(["paris"]);
    expect(byField(input)).toEqual(["City"]);
    const next = scoreInput("x", "Lyon");
    expect(second(next)).toEqual(["Lyon"]);
    expect(first(next)).toBe(second(next));
    // The same input object with another expected value is read again.
    (next as { expected: unknown }).expected = "Nice";
    expect(first(next)).toEqual(["Nice"]);
  });
});

