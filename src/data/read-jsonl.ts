import { createReadStream } from "node:fs";
import { toDatasetRow, type DatasetRow } from "./dataset-row.js";

/** One non-blank line of a JSON Lines file: its parsed value, or why it is not JSON. */
export type JsonlLine = { line: number; value: unknown } | { line: number; error: string };

/** Bytes read at a time: large enough that a batch holds thousands of typical lines. */
const chunkBytes = 1 << 20;

/**
 * Reads JSON Lines one line at a time, parsing each line and nothing more: a byte-order mark before the
 * first line is dropped, LF, CRLF and lone CR all end a line (as readline splits them), blank lines are
 * skipped, and a consumer that stops early closes the file. A file that cannot be opened or read throws
 * its system error (see `isFileSystemError`).
 */
export async function* readJsonlValues(path: string): AsyncGenerator<JsonlLine> {
  for await (const batch of readJsonlBatches(path)) yield* batch;
}

/**
 * The lines of `readJsonlValues` in batches, one batch per chunk of the file: for readers of millions of
 * lines (an arena's battles), where one awaited step per line would cost more than parsing the line.
 */
export async function* readJsonlBatches(path: string, options: { chunkBytes?: number } = {}): AsyncGenerator<JsonlLine[]> {
  const input = createReadStream(path, { encoding: "utf8", highWaterMark: options.chunkBytes ?? chunkBytes });
  let line = 0;
  let carry = "";
  let first = true;
  const parse = (raw: string, into: JsonlLine[]): void => {
    line += 1;
    let text = raw;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.trim() === "") return;
    try {
      into.push({ line, value: JSON.parse(text) as unknown });
    } catch (error) {
      into.push({ line, error: (error as Error).message });
    }
  };
  // Lines of `text` up to the last complete one; a CR at the very end waits, as it may be half of a CRLF.
  const split = (text: string, into: JsonlLine[], final: boolean): string => {
    let start = 0;
    const length = text.length;
    if (text.indexOf("\r") === -1) {
      // The common case, LF only: let the engine find the breaks.
      for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", start)) {
        parse(text.slice(start, at), into);
        start = at + 1;
      }
      return text.slice(start);
    }
    for (let at = 0; at < length; at += 1) {
      const code = text.charCodeAt(at);
      if (code === 10) {
        parse(text.slice(start, at), into);
        start = at + 1;
      } else if (code === 13) {
        if (at + 1 === length && !final) break;
        parse(text.slice(start, at), into);
        if (text.charCodeAt(at + 1) === 10) at += 1;
        start = at + 1;
      }
    }
    return text.slice(start);
  };
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const batch: JsonlLine[] = [];
      carry = split(carry === "" ? chunk : carry + chunk, batch, false);
      if (batch.length > 0) yield batch;
    }
    const batch: JsonlLine[] = [];
    const rest = split(carry, batch, true);
    if (rest !== "") parse(rest, batch);
    if (batch.length > 0) yield batch;
  } finally {
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
