/** A failing case shown under its candidate, so a reader sees what "failed" looked like. */
export interface FailingCase {
  candidate: string;
  caseId: string;
  /** The model's output; null when the call failed. */
  output: string | null;
  expected?: string;
  /** Why it failed: the scorer's reason or the error message. */
  reason: string;
}

/** What a report may show beyond the summary itself. */
export interface ReportExtras {
  /** A few failing cases per candidate. */
  failures?: FailingCase[];
}
