import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { TuneopsError } from "../spec/errors.js";
import type { Database } from "./schema.js";

export interface SqliteDatabaseOptions {
  /** A file path (its folder is created) or `:memory:`. */
  path: string;
  /** How long a writer waits for another process's lock before failing, ms. */
  busyTimeoutMs?: number;
}

export interface SqliteDatabase {
  db: Kysely<Database>;
  /**
   * True when the file or its folder cannot be written: the store then reads a snapshot of the file
   * (see `openReadOnlySnapshot`) and every write fails with SQLITE_READONLY, which the store reports as
   * "the store is read-only".
   */
  readOnly: boolean;
}

/** The SQLite adapter: opens the file with the settings the store relies on. */
export function createSqliteDatabase(options: SqliteDatabaseOptions): Kysely<Database> {
  return openSqliteDatabase(options).db;
}

/** `createSqliteDatabase`, falling back to a read-only snapshot when the file or its folder is read-only. */
export function openSqliteDatabase(options: SqliteDatabaseOptions): SqliteDatabase {
  const inMemory = options.path === ":memory:";
  let connection: BetterSqlite3.Database;
  let readOnly = false;
  try {
    if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
    connection = new BetterSqlite3(options.path);
    // WAL lets readers (dashboard, report) run while an eval writes; NORMAL sync is durable across
    // process crashes in WAL mode and saves an fsync per transaction.
    if (!inMemory) connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = NORMAL");
    connection.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
  } catch (error) {
    const snapshot = inMemory || !isReadOnlyFailure(error) ? undefined : openReadOnlySnapshot(options.path);
    if (snapshot === undefined) {
      const readOnlyFolder = isReadOnlyFailure(error);
      throw new TuneopsError({
        code: "store_failed",
        message: `Cannot open the SQLite database ${options.path}: ${readOnlyFolder ? "the folder is read-only and holds no database yet" : error instanceof Error ? error.message : String(error)}`,
        location: { file: options.path },
        hint: readOnlyFolder
          ? "Run from a writable copy of the project, fix the folder's permissions, or point TUNEOPS_DATABASE_URL at a database you can write."
          : "Check that the folder is writable and the file is a SQLite database (or pass another path).",
        cause: error,
      });
    }
    connection = snapshot;
    readOnly = true;
  }
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) }), readOnly };
}

function isReadOnlyFailure(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : "";
  return code.startsWith("SQLITE_READONLY") || code === "SQLITE_CANTOPEN" || code === "EACCES" || code === "EPERM" || code === "EROFS";
}

/**
 * A read-only, in-memory copy of a database file that cannot be opened in place: SQLite cannot read a
 * WAL-mode file without creating its `-shm` beside it, which a read-only folder refuses. The copy holds
 * what the file holds (the last checkpoint: a clean exit checkpoints everything); its header is set to
 * the rollback journal, which an in-memory database needs. Undefined when the file cannot be read.
 */
function openReadOnlySnapshot(path: string): BetterSqlite3.Database | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.length < 100) return undefined;
  // Header bytes 18 and 19: file format write and read versions, 2 for WAL, 1 for the rollback journal.
  if (bytes[18] === 2) bytes[18] = 1;
  if (bytes[19] === 2) bytes[19] = 1;
  try {
    return new BetterSqlite3(bytes, { readonly: true });
  } catch {
    return undefined;
  }
}
