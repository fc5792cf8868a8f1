import { TuneopsError, isTuneopsError } from "../spec/errors.js";

// Lock contention and dropped connections can succeed on a later try; constraint and syntax errors cannot.
const retryableCodes = new Set(["SQLITE_BUSY", "SQLITE_LOCKED", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "40001", "40P01", "57P01", "57P03"]);

/**
 * Wraps a driver error as a `store_failed` TuneopsError naming the operation; TuneopsErrors pass through.
 * A full disk and a read-only store say so in the message, with what to do, since neither goes away by
 * trying again.
 */
export function toStoreError(operation: string, error: unknown): TuneopsError {
  if (isTuneopsError(error)) return error;
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const condition = isDiskFull(error) ? diskFull : isReadOnly(error) ? readOnly : undefined;
  return new TuneopsError({
    code: "store_failed",
    message: `Store failed to ${operation}: ${condition === undefined ? detail : `${condition.what} (${detail})`}`,
    isRetryable: (code !== undefined && retryableCodes.has(code)) || isConnectionLost(error),
    ...(condition === undefined ? {} : { hint: condition.hint }),
    cause: error,
  });
}

const diskFull = { what: "the disk is full", hint: "Free space on the disk that holds the store (.tuneops/ in the project folder, or the database server's disk)." };
const readOnly = {
  what: "the store is read-only",
  hint: "The project folder (or .tuneops/ in it) cannot be written: run from a writable copy, fix its permissions, or point TUNEOPS_DATABASE_URL at a database you can write. Commands that only read (runs list, runs show) still work.",
};

/** Whether an error (or one it wraps) says the disk is full: SQLite's SQLITE_FULL, ENOSPC, PostgreSQL's disk_full (53100). */
export function isDiskFull(error: unknown): boolean {
  return someCause(error, (code) => code === "SQLITE_FULL" || code === "ENOSPC" || code === "EDQUOT" || code === "53100");
}

/** Whether an error (or one it wraps) says the store cannot be written: SQLITE_READONLY*, EROFS, EACCES, PostgreSQL's read_only_sql_transaction (25006). */
export function isReadOnly(error: unknown): boolean {
  return someCause(error, (code) => code.startsWith("SQLITE_READONLY") || code === "EROFS" || code === "EACCES" || code === "EPERM" || code === "25006");
}

function someCause(error: unknown, test: (code: string) => boolean): boolean {
  for (let current: unknown = error, depth = 0; typeof current === "object" && current !== null && depth < 4; depth++) {
    const code = errorCode(current);
    if (code !== undefined && test(code)) return true;
    current = "cause" in current ? current.cause : undefined;
  }
  return false;
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
