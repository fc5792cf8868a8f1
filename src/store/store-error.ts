import { TuneopsError, isTuneopsError } from "../spec/errors.js";

// Lock contention and dropped connections can succeed on a later try; constraint and syntax errors cannot.
const retryableCodes = new Set(["SQLITE_BUSY", "SQLITE_LOCKED", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "40001", "40P01", "57P01", "57P03"]);

/** Wraps a driver error as a `store_failed` TuneopsError naming the operation; TuneopsErrors pass through. */
export function toStoreError(operation: string, error: unknown): TuneopsError {
  if (isTuneopsError(error)) return error;
  const code = errorCode(error);
  return new TuneopsError({
    code: "store_failed",
    message: `Store failed to ${operation}: ${error instanceof Error ? error.message : String(error)}`,
    isRetryable: code !== undefined && (retryableCodes.has(code) || code.startsWith("08")),
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
