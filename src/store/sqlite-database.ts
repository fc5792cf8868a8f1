import { mkdirSync } from "node:fs";
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

/** The SQLite adapter: opens the file with the settings the store relies on. */
export function createSqliteDatabase(options: SqliteDatabaseOptions): Kysely<Database> {
  const inMemory = options.path === ":memory:";
  let connection: BetterSqlite3.Database;
  try {
    if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
    connection = new BetterSqlite3(options.path);
    // WAL lets readers (dashboard, report) run while an eval writes; NORMAL sync is durable across
    // process crashes in WAL mode and saves an fsync per transaction.
    if (!inMemory) connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = NORMAL");
    connection.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
  } catch (error) {
    throw new TuneopsError({
      code: "store_failed",
      message: `Cannot open the SQLite database ${options.path}: ${error instanceof Error ? error.message : String(error)}`,
      location: { file: options.path },
      hint: "Check that the folder is writable and the file is a SQLite database (or pass another path).",
      cause: error,
    });
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
}
