import { stat } from "node:fs/promises";
import { TuneopsError } from "../spec/errors.js";

/** Checks up front that a dataset file can be read, so a stream does not fail with a bare ENOENT. */
export async function assertReadableFile(path: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new TuneopsError({
      code: missing ? "not_found" : "dataset_invalid",
      message: missing ? `${path}: dataset file not found` : `${path}: cannot read the dataset: ${(error as Error).message}`,
      location: { file: path },
      cause: error,
    });
  }
  if (isDirectory) {
    throw new TuneopsError({ code: "dataset_invalid", message: `${path}: expected a dataset file, found a folder`, location: { file: path } });
  }
}

/** A whole-file problem (not an array, a second document): the file cannot be read row by row. */
export function datasetStructureError(options: { path: string; line: number; message: string; hint?: string }): TuneopsError {
  return new TuneopsError({
    code: "dataset_invalid",
    message: `${options.path}:${options.line}: ${options.message}`,
    location: { file: options.path, line: options.line },
    ...(options.hint === undefined ? {} : { hint: options.hint }),
  });
}
