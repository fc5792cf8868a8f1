import { extname } from "node:path";
import { TuneopsError } from "../spec/errors.js";

export const datasetFormats = ["jsonl", "csv", "yaml", "json"] as const;
export type DatasetFormat = (typeof datasetFormats)[number];

const formatsByExtension: Readonly<Record<string, DatasetFormat>> = {
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".csv": "csv",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".json": "json",
};

/** The extensions a dataset file may have, for messages. */
export const datasetExtensions: readonly string[] = Object.keys(formatsByExtension);

/** The format a dataset's extension names, or undefined for an extension we do not read. */
export function datasetFormatOf(path: string): DatasetFormat | undefined {
  return formatsByExtension[extname(path).toLowerCase()];
}

/** The format a dataset's extension names; throws a `dataset_invalid` error naming the supported ones. */
export function datasetFormatFromPath(path: string): DatasetFormat {
  const format = datasetFormatOf(path);
  if (format) return format;
  const extension = extname(path) || "(none)";
  throw new TuneopsError({
    code: "dataset_invalid",
    message: `${path}: unsupported dataset extension ${extension}; supported: ${datasetExtensions.join(", ")}`,
    location: { file: path },
    hint: "rename the file or pass the format explicitly",
  });
}
