import Database from "better-sqlite3";
import pg from "pg";
import type { SqlDialect } from "./named-parameters.js";

/** The little a SQL retriever needs from a database: run a read query with positional values. */
export interface SqlConnection {
  readonly dialect: SqlDialect;
  query(sql: string, values: readonly string[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Opens a SQLite file read-only: a retriever must never change the user's data. */
export function openSqlite(path: string): SqlConnection {
  const database = new Database(path, { readonly: true, fileMustExist: true });
  return {
    dialect: "sqlite",
    async query(sql, values) {
      return database.prepare(sql).all(...values) as Record<string, unknown>[];
    },
    async close() {
      if (database.open) database.close();
    },
  };
}

/** A small pool: retrieval runs once per case, at the evaluation's concurrency. */
export function openPostgres(url: string): SqlConnection {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  let closed = false;
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  return {
    dialect: "postgres",
    async query(sql, values) {
      const result = await pool.query<Record<string, unknown>>(sql, [...values]);
      return result.rows;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
