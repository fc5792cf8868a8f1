import { TuneopsError } from "../spec/errors.js";
import { isRowError, type DatasetRecord, type DatasetRow } from "./dataset-row.js";

/** A row that could not be used, kept so the run can say so. */
export interface DatasetProblem {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

/**
 * Collects a dataset's bad rows while its good rows flow on, so nothing is dropped silently: the run
 * reports every problem (`data/test.csv:17: expected 2 columns, got 3`) and counts them.
 */
export class DatasetProblems {
  readonly problems: DatasetProblem[] = [];

  /** @param file the dataset as the user names it (the path in tuneops.yaml). */
  constructor(readonly file: string) {}

  get count(): number {
    return this.problems.length;
  }

  add(problem: DatasetProblem): void {
    this.problems.push(problem);
  }

  /** Passes good rows through and keeps the bad ones. */
  async *filter(rows: AsyncIterable<DatasetRow>): AsyncGenerator<DatasetRecord> {
    for await (const row of rows) {
      if (isRowError(row)) this.add({ line: row.line, message: row.error });
      else yield row;
    }
  }

  /** The report, one problem a line, at most `max` lines and a count of the rest. */
  format(options: { max?: number } = {}): string {
    return formatDatasetProblems({ file: this.file, problems: this.problems, ...options });
  }

  /** A `dataset_invalid` error for callers that refuse a dataset with bad rows (e.g. `--strict`). */
  toError(): TuneopsError {
    const first = this.problems[0];
    const count = this.count === 1 ? "1 bad row" : `${this.count} bad rows`;
    return new TuneopsError({
      code: "dataset_invalid",
      message: `${this.file}: ${count}\n${this.format()}`,
      location: first ? { file: this.file, line: first.line } : { file: this.file },
      hint: "fix the rows or remove them from the file",
    });
  }
}

/** `data/test.csv:17: expected 2 columns, got 3`, one a line, with `... and 12 more` past `max`. */
export function formatDatasetProblems(options: { file: string; problems: readonly DatasetProblem[]; max?: number }): string {
  const max = options.max ?? 20;
  const shown = options.problems.slice(0, max).map((problem) => `${options.file}:${problem.line}: ${problem.message}`);
  const rest = options.problems.length - shown.length;
  if (rest > 0) shown.push(`... and ${rest} more`);
  return shown.join("\n");
}
