import type { DatasetFormat } from "./dataset-format.js";
import { isRowError } from "./dataset-row.js";
import { readDataset } from "./read-dataset.js";

export interface RowCount {
  /** Rows that can be used. */
  rows: number;
  /** Rows that cannot (each is reported by `readDataset`). */
  errors: number;
}

/** Counts a dataset's good and bad rows in one streaming pass (for `tuneops dataset` and plans). */
export async function countRows(options: { path: string; format?: DatasetFormat }): Promise<RowCount> {
  const count: RowCount = { rows: 0, errors: 0 };
  for await (const row of readDataset(options)) {
    if (isRowError(row)) count.errors++;
    else count.rows++;
  }
  return count;
}
