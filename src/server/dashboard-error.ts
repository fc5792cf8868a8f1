/** An answer of the dashboard's own (403, 409, 429) that the product's error codes do not name. */
export class DashboardHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;
  readonly headers: Record<string, string>;

  constructor(options: { status: number; code: string; message: string; hint?: string; headers?: Record<string, string> }) {
    super(options.message);
    this.name = "DashboardHttpError";
    this.status = options.status;
    this.code = options.code;
    this.hint = options.hint;
    this.headers = options.headers ?? {};
  }
}
