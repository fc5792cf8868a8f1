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
    isRetryable: (code !== undefined && retryableCodes.has(code)) || isConnectionLost(error),
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/**
 * Network errors (and PostgreSQL's "admin shutdown", "crash shutdown", "cannot connect now" and the
 * connection exception class 08) mean the connection is gone, not that the statement was wrong.
 */
const connectionCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "57P01", "57P02", "57P03"]);
const connectionMessages = /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i;

/** Whether an error says the database connection was lost or could not be made (so a new one may work). */
export function isConnectionLost(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    if (typeof current !== "object") return false;
    const code = "code" in current && typeof current.code === "string" ? current.code : undefined;
    if (code !== undefined && (connectionCodes.has(code) || code.startsWith("08"))) return true;
    if (current instanceof Error && connectionMessages.test(current.message)) return true;
    current = "cause" in current ? current.cause : undefined;
  }
  return false;
}
