import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseDocument } from "yaml";
import { toDatasetRow, type DatasetRow } from "./dataset-row.js";
import { datasetStructureError } from "./open-dataset.js";

const itemStart = /^-(?:[ \t]|$)/;
const ignorable = /^(?:\s*(?:#.*)?|---\s*|%.*)$/;

/** Parses the lines of one top-level `- ` item as a one-item list; errors are placed on file lines. */
function parseItem(options: { lines: readonly string[]; line: number; index: number }): DatasetRow {
  const { lines, line, index } = options;
  const document = parseDocument(lines.join("\n"), { prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const offset = (error.linePos?.[0].line ?? 1) - 1;
    return { line: line + offset, index, error: `invalid YAML: ${(error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}` };
  }
  let items: unknown;
  try {
    items = document.toJS();
  } catch (conversion) {
    // An alias to an anchor in another item, or an alias bomb: the item alone cannot be built.
    return { line, index, error: `invalid YAML: ${(conversion as Error).message}` };
  }
  return toDatasetRow({ value: Array.isArray(items) ? items[0] : items, line, index });
}

/**
 * Reads a YAML file whose top level is a list of row mappings, item by item: a new item starts at each
 * line beginning with `- ` in column 0, and each item is parsed alone, so the file is never held whole.
 * Anchors are per item (an alias to another item's anchor is a bad row).
 */
export async function* readYaml(path: string): AsyncGenerator<DatasetRow> {
  const input = createReadStream(path, { encoding: "utf8" });
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  let index = 0;
  let item: string[] | undefined;
  let itemLine = 0;
  try {
    for await (const raw of reader) {
      lineNumber++;
      const text = lineNumber === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (itemStart.test(text)) {
        if (item) yield parseItem({ lines: item, line: itemLine, index: index++ });
        item = [text];
        itemLine = lineNumber;
      } else if (item) {
        if (/^(?:---|\.\.\.)(?:\s|$)/.test(text)) {
          throw datasetStructureError({ path, line: lineNumber, message: "a dataset holds one YAML document; found a second one" });
        }
        item.push(text);
      } else if (!ignorable.test(text)) {
        throw datasetStructureError({
          path,
          line: lineNumber,
          message: "expected a list of rows, each starting with \"- \" in the first column",
          hint: "write one `- field: value` item per row at the top level",
        });
      }
    }
    if (item) yield parseItem({ lines: item, line: itemLine, index: index++ });
  } finally {
    reader.close();
    input.destroy();
  }
}
