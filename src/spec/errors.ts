/**
 * One error hierarchy for the whole product. Adapters decide `isRetryable`; one table maps each code to
 * a CLI exit code and an HTTP status. Failures inside an evaluation are recorded as data (see
 * `ErrorData`), never thrown away.
 */

export const errorCodes = [
  "config_invalid",
  "dataset_invalid",
  "input_invalid",
  "not_found",
  "provider_auth",
  "provider_bad_request",
  "provider_rate_limited",
  "provider_unavailable",
  "provider_timeout",
  "provider_bad_response",
  "provider_stream_interrupted",
  "scorer_failed",
  "store_failed",
  "aborted",
  "internal",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface TuneopsErrorOptions {
  code: ErrorCode;
  message: string;
  /** Whether repeating the same call may succeed (decided by the adapter that raised it). */
  isRetryable?: boolean;
  /** HTTP status returned by an upstream, when there was one. */
  statusCode?: number;
  /** How long the upstream asked us to wait before retrying, in ms (from Retry-After). */
  retryAfterMs?: number;
  /** Where the problem is: a file, line and field for user input, a URL for an upstream. */
  location?: ErrorLocation;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

export interface ErrorLocation {
  file?: string;
  /** 1-based line number. */
  line?: number;
  /** 1-based column number. */
  column?: number;
  /** Dotted path of the field, e.g. `providers.gpt.model`. */
  field?: string;
  url?: string;
}

export class TuneopsError extends Error {
  readonly code: ErrorCode;
  readonly isRetryable: boolean;
  readonly statusCode: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly location: ErrorLocation | undefined;
  readonly hint: string | undefined;

  constructor(options: TuneopsErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TuneopsError";
    this.code = options.code;
    this.isRetryable = options.isRetryable ?? false;
    this.statusCode = options.statusCode;
    this.retryAfterMs = options.retryAfterMs;
    this.location = options.location;
    this.hint = options.hint;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message, retryable: this.isRetryable };
    if (this.statusCode !== undefined) data.status = this.statusCode;
    return data;
  }
}

/** An error as stored on a result row: plain data, safe to serialise. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  retryable?: boolean;
  /** Upstream HTTP status, when there was one. */
  status?: number;
}

export function isTuneopsError(value: unknown): value is TuneopsError {
  return value instanceof TuneopsError;
}

/** Turns anything thrown into error data for a result row. */
export function toErrorData(error: unknown): ErrorData {
  if (isTuneopsError(error)) return error.toData();
  if (error instanceof Error && error.name === "AbortError") return { code: "aborted", message: error.message };
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}

/** Exit codes of the CLI (DESIGN.md): 0 ok, 1 a gate failed, 2 bad input or config, 3 runtime failure. */
export const exitCodes = { ok: 0, gateFailed: 1, badInput: 2, runtimeFailure: 3 } as const;

const userErrorCodes: ReadonlySet<ErrorCode> = new Set(["config_invalid", "dataset_invalid", "input_invalid", "not_found"]);

export function exitCodeFor(code: ErrorCode): number {
  return userErrorCodes.has(code) ? exitCodes.badInput : exitCodes.runtimeFailure;
}

/** Whether the error is the user's to fix (print message, no stack trace). */
export function isUserError(code: ErrorCode): boolean {
  return userErrorCodes.has(code);
}

const httpStatuses: Record<ErrorCode, number> = {
  config_invalid: 400,
  dataset_invalid: 400,
  input_invalid: 400,
  not_found: 404,
  provider_auth: 502,
  provider_bad_request: 400,
  provider_rate_limited: 429,
  provider_unavailable: 502,
  provider_timeout: 504,
  provider_bad_response: 502,
  provider_stream_interrupted: 502,
  scorer_failed: 500,
  store_failed: 500,
  aborted: 499,
  internal: 500,
};

export function httpStatusFor(code: ErrorCode): number {
  return httpStatuses[code];
}

/** Formats a location as `file:line:column field` for messages. */
export function formatLocation(location: ErrorLocation | undefined): string {
  if (!location) return "";
  let text = location.file ?? location.url ?? "";
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.column !== undefined) text += `:${location.column}`;
  if (location.field) text += `${text ? " " : ""}(${location.field})`;
  return text;
}
