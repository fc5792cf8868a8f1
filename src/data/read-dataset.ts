import { datasetFormatFromPath, type DatasetFormat } from "./dataset-format.js";
import type { DatasetRow } from "./dataset-row.js";
import { assertReadableFile } from "./open-dataset.js";
import { readCsv } from "./read-csv.js";
import { readJson } from "./read-json.js";
import { readJsonl } from "./read-jsonl.js";
import { readYaml } from "./read-yaml.js";

export interface ReadDatasetOptions {
  path: string;
  /** Defaults to the format the extension names. */
  format?: DatasetFormat;
}

const readers: Record<DatasetFormat, (path: string) => AsyncGenerator<DatasetRow>> = {
  jsonl: readJsonl,
  csv: readCsv,
  json: readJson,
  yaml: readYaml,
};

/**
 * Streams a dataset's rows in file order without holding the file. A row that cannot be used is
 * yielded as `{ line, index, error }`; a file that cannot be read at all (missing, not a list) throws a
 * `TuneopsError` (`not_found` or `dataset_invalid`) with the file and line.
 */
export async function* readDataset(options: ReadDatasetOptions): AsyncGenerator<DatasetRow> {
  const format = options.format ?? datasetFormatFromPath(options.path);
  await assertReadableFile(options.path);
  yield* readers[format](options.path);
}
