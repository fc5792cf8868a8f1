import { createReadStream } from "node:fs";
import { toDatasetRow, type DatasetRow } from "./dataset-row.js";
import { JsonArraySplitter, JsonStructureError, type JsonArrayElement } from "./json-array-splitter.js";
import { datasetStructureError } from "./open-dataset.js";

/** Parses one element; a syntax error is placed on the line inside the element where JSON.parse stopped. */
function parseElement(element: JsonArrayElement, index: number): DatasetRow {
  try {
    return toDatasetRow({ value: JSON.parse(element.text), line: element.line, index });
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position === undefined ? 0 : (element.text.slice(0, Number(position)).match(/\n/g)?.length ?? 0);
    return { line: element.line + offset, index, error: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/s, "")}` };
  }
}

/**
 * Reads a JSON file holding one top-level array of row objects, streaming element by element. (The
 * `{ "rows": [...] }` wrapping is not accepted: the array form is what exporters write.)
 */
export async function* readJson(path: string): AsyncGenerator<DatasetRow> {
  const input = createReadStream(path, { encoding: "utf8" });
  const splitter = new JsonArraySplitter();
  let index = 0;
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      for (const element of splitter.push(chunk)) yield parseElement(element, index++);
    }
    splitter.end();
  } catch (error) {
    if (error instanceof JsonStructureError) throw datasetStructureError({ path, line: error.line, message: error.message });
    throw error;
  } finally {
    input.destroy();
  }
}
