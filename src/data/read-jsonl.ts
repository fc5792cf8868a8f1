import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { toDatasetRow, type DatasetRow } from "./dataset-row.js";

/** One non-blank line of a JSON Lines file: its parsed value, or why it is not JSON. */
export type JsonlLine = { line: number; value: unknown } | { line: number; error: string };

/**
 * Reads JSON Lines one line at a time, parsing each line and nothing more: a byte-order mark before the
 * first line is dropped, CRLF endings are accepted, blank lines are skipped, and a consumer that stops
 * early closes the file. A file that cannot be opened or read throws its system error (see
 * `isFileSystemError`).
 */
export async function* readJsonlValues(path: string): AsyncGenerator<JsonlLine> {
  const input = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.trim() === "") continue;
      let entry: JsonlLine;
      try {
        entry = { line, value: JSON.parse(text) as unknown };
      } catch (error) {
        entry = { line, error: (error as Error).message };
      }
      yield entry;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Whether an error is the operating system's (a missing file, a folder, no permission), not a bug. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && typeof (error as NodeJS.ErrnoException).syscall === "string";
}

/** Reads JSON Lines as dataset rows: blank lines are skipped, each bad line is its own error row. */
export async function* readJsonl(path: string): AsyncGenerator<DatasetRow> {
  let index = 0;
  for await (const entry of readJsonlValues(path)) {
    if ("error" in entry) yield { line: entry.line, index: index++, error: `invalid JSON: ${entry.error}` };
    else yield toDatasetRow({ value: entry.value, line: entry.line, index: index++ });
  }
}
