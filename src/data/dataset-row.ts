/** One row of a dataset file as read: its variables, or why it could not be used. */
export type DatasetRow = DatasetRecord | DatasetRowError;

export interface DatasetRecord {
  /** 1-based line where the row starts in the file. */
  line: number;
  /** 0-based position among the file's rows, bad rows included, so fixing a bad row renumbers nothing. */
  index: number;
  /** The row's fields by name. */
  vars: Record<string, unknown>;
}

export interface DatasetRowError {
  line: number;
  index: number;
  /** Why the row cannot be used, e.g. `expected 2 columns, got 3`. */
  error: string;
}

export function isRowError(row: DatasetRow): row is DatasetRowError {
  return "error" in row;
}

/** What a parsed value is, for "expected an object, got ..." messages. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  return `a ${typeof value}`;
}

/** Rows must be objects (mappings); anything else becomes a bad row rather than a crash later. */
export function toDatasetRow(options: { value: unknown; line: number; index: number }): DatasetRow {
  const { value, line, index } = options;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return { line, index, vars: value as Record<string, unknown> };
  }
  return { line, index, error: `expected an object of fields, got ${describeJsonValue(value)}` };
}
