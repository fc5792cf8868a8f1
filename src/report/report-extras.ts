/** One scorer's verdict on a failing case. */
export interface FailingScorer {
  name: string;
  score: number | null;
  pass: boolean;
  reason: string;
}

/** A failing case shown under its candidate, so a reader sees what "failed" looked like. */
export interface FailingCase {
  candidate: string;
  caseId: string;
  /** 0-based repeat, when cases repeat. */
  repeat?: number;
  /** The case's input field; null or absent when the dataset can no longer be read. */
  input?: string | null;
  /** The model's output; null when the call failed. */
  output: string | null;
  expected?: string | null;
  /** Why it failed in one line: the error, or the failing scorers' reasons. */
  reason: string;
  /** Every scorer's verdict on the case, reasons included. */
  scorers?: FailingScorer[];
}

/** One error code of a candidate: how many calls it ended and its first message. */
export interface ErrorSummary {
  candidate: string;
  code: string;
  count: number;
  firstMessage: string;
}

/** What a report may show beyond the summary itself. */
export interface ReportExtras {
  /** Every failing case (the reports page through them). */
  failures?: FailingCase[];
  /** Per candidate, each error code with its count and first message. */
  errors?: ErrorSummary[];
}

/** Failing cases shown per page in the HTML and Markdown reports. */
export const failingCasesPerPage = 25;

/** The failures grouped by candidate, in the order the candidates first appear. */
export function failuresByCandidate(failures: readonly FailingCase[]): Map<string, FailingCase[]> {
  const byCandidate = new Map<string, FailingCase[]>();
  for (const failure of failures) {
    let list = byCandidate.get(failure.candidate);
    if (list === undefined) byCandidate.set(failure.candidate, (list = []));
    list.push(failure);
  }
  return byCandidate;
}

/** `pages` of `items`, `size` each. */
export function pagesOf<T>(items: readonly T[], size: number = failingCasesPerPage): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
  return pages;
}

/** "19 of 32 results failed" (or "cases" when nothing repeats). */
export function failedCountText(failed: number, total: number | undefined, repeats: number): string {
  const unit = repeats > 1 ? "results" : "cases";
  return total === undefined ? `${failed} failing ${unit}` : `${failed} of ${total} ${unit} failed`;
}
