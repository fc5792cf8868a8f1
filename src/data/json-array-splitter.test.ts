import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonArraySplitter, JsonStructureError, type JsonArrayElement } from "./json-array-splitter.js";

function split(chunks: readonly string[]): JsonArrayElement[] {
  const splitter = new JsonArraySplitter();
  const elements = chunks.flatMap((chunk) => splitter.push(chunk));
  splitter.end();
  return elements;
}

/** Cuts a text at the given offsets, so the splitter sees elements, strings and escapes cut anywhere. */
function cut(text: string, offsets: readonly number[]): string[] {
  const points = [...new Set(offsets.map((offset) => offset % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let previous = 0;
  for (const point of points) {
    chunks.push(text.slice(previous, point));
    previous = point;
  }
  chunks.push(text.slice(previous));
  return chunks;
}

describe("JsonArraySplitter", () => {
  it("finds every element of any JSON array, however the text is cut into chunks", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (values, offsets, pretty) => {
        const text = JSON.stringify(values, null, pretty ? 2 : undefined);
        const elements = split(cut(text, offsets));
        expect(elements.map((element) => JSON.parse(element.text) as unknown)).toEqual(JSON.parse(text));
      }),
    );
  });

  it("gives each element the line it starts on", () => {
    const elements = split(['[\n {"a":\n 1},', '\n\n "x\\n",\n', "[1,\n2]\n]"]);
    expect(elements).toEqual([
      { text: '{"a":\n 1}', line: 2 },
      { text: '"x\\n"', line: 5 },
      { text: "[1,\n2]", line: 6 },
    ]);
  });

  it("reports structure problems with their line", () => {
    expect(() => split(["\n\n{}"])).toThrow(new JsonStructureError('expected a JSON array of rows ([ {...}, {...} ]), found "{"', 3));
    expect(() => split(["[1]\n x"])).toThrow(/after the array's closing/);
    expect(() => split(["[1,,2]"])).toThrow(/two commas/);
    expect(() => split(["  "])).toThrow(/empty/);
  });
});
