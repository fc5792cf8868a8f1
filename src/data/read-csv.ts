import { createReadStream } from "node:fs";
import { parse, type CsvError } from "csv-parse";
import type { DatasetRow, DatasetRowError } from "./dataset-row.js";
import { datasetStructureError } from "./open-dataset.js";

/** The line a record starts on: its end line less the line breaks inside it (blank lines before it excluded). */
function startLine(options: { endLine: number; raw: string | undefined }): number {
  const body = (options.raw ?? "").replace(/^[\r\n]+/, "").replace(/\r?\n$/, "");
  const breaks = body.match(/\n/g)?.length ?? 0;
  return options.endLine - breaks;
}

/**
 * Reads a CSV file with a header row, streaming. Values stay strings. A row with the wrong number of
 * columns, or one the parser cannot read (an unclosed quote), becomes an error row, never a dropped one.
 */
export async function* readCsv(path: string): AsyncGenerator<DatasetRow> {
  const skipped: { line: number; message: string }[] = [];
  const input = createReadStream(path);
  const parser = input.pipe(
    parse({
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      // Stray quotes inside unquoted fields are kept as text: spreadsheets write them and users mean them.
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined, raw: string | undefined) => {
        if (error) skipped.push({ line: startLine({ endLine: typeof error.lines === "number" ? error.lines : 1, raw }), message: error.message.replace(/ at line \d+/, "") });
      },
    }),
  );
  let header: string[] | undefined;
  let index = 0;
  const flushSkipped = function* (beforeLine: number): Generator<DatasetRowError> {
    while (skipped.length > 0 && (skipped[0]?.line ?? 0) < beforeLine) {
      const problem = skipped.shift();
      if (problem) yield { line: problem.line, index: index++, error: problem.message };
    }
  };
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      const line = startLine({ endLine: info.lines, raw });
      yield* flushSkipped(line);
      if (!header) {
        header = record.map((name) => name.trim());
        const duplicate = header.find((name, position) => header?.indexOf(name) !== position);
        if (duplicate !== undefined) throw datasetStructureError({ path, line, message: `duplicate column "${duplicate}" in the header row` });
        if (header.some((name) => name === "")) throw datasetStructureError({ path, line, message: "the header row has an empty column name" });
        continue;
      }
      if (record.length !== header.length) {
        yield { line, index: index++, error: `expected ${header.length} columns, got ${record.length}` };
        continue;
      }
      const vars: Record<string, unknown> = {};
      header.forEach((name, position) => {
        vars[name] = record[position];
      });
      yield { line, index: index++, vars };
    }
    yield* flushSkipped(Number.POSITIVE_INFINITY);
  } finally {
    input.destroy();
  }
}
