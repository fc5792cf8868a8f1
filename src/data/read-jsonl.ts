import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { toDatasetRow, type DatasetRow } from "./dataset-row.js";

/** Reads JSON Lines one line at a time: blank lines are skipped, each bad line is its own error row. */
export async function* readJsonl(path: string): AsyncGenerator<DatasetRow> {
  const input = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let index = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield { line, index: index++, error: `invalid JSON: ${(error as Error).message}` };
        continue;
      }
      yield toDatasetRow({ value, line, index: index++ });
    }
  } finally {
    // A consumer that stops early (a `limit`) must not leave the file open.
    lines.close();
    input.destroy();
  }
}
