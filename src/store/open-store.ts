import { sql } from "kysely";
import type { Kysely } from "kysely";
import { TuneopsError } from "../spec/errors.js";
import type { Store } from "../spec/store.js";
import { KyselyStore } from "./kysely-store.js";
import type { Database } from "./schema.js";
import { openSqliteDatabase } from "./sqlite-database.js";

export interface OpenStoreOptions {
  /** `postgres://` or `postgresql://` URL: use PostgreSQL. Absent or empty: use SQLite. */
  databaseUrl?: string;
  /** SQLite file (its folder is created) or `:memory:`; default `.tuneops/tuneops.db`. */
  sqlitePath?: string;
  /** PostgreSQL only: schema to create (if missing) and keep every table in. */
  schema?: string;
}

export const defaultSqlitePath = ".tuneops/tuneops.db";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the configured store and applies pending migrations before returning it. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const url = options.databaseUrl?.trim();
  if (url) {
    if (!isPostgresUrl(url)) {
      const { redactDatabaseUrl } = await import("./postgres-database.js");
      throw new TuneopsError({
        code: "config_invalid",
        message: `Unsupported database URL ${redactDatabaseUrl(url)}`,
        location: { field: "TUNEOPS_DATABASE_URL" },
        hint: "Use a postgres:// or postgresql:// URL, or leave it unset to use the SQLite file.",
      });
    }
    return openPostgresStore(url, options.schema);
  }
  const { db, readOnly } = openSqliteDatabase({ path: options.sqlitePath ?? defaultSqlitePath });
  const store = new KyselyStore({ db, dialect: "sqlite" });
  if (readOnly) {
    // Nothing can be migrated: read what is there; a command that writes fails with "read-only".
    return store;
  }
  return migrated(store, db);
}

async function openPostgresStore(url: string, schema: string | undefined): Promise<Store> {
  // Loaded on demand: the SQLite default should not pay for the PostgreSQL driver at start-up.
  const { assertSchemaName, createPostgresDatabase, redactDatabaseUrl } = await import("./postgres-database.js");
  if (schema !== undefined) assertSchemaName(schema);
  const db = createPostgresDatabase({ url, ...(schema === undefined ? {} : { schema }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const shown = redactDatabaseUrl(url);
    throw new TuneopsError({
      code: "store_failed",
      message: `Cannot connect to PostgreSQL at ${shown}: ${error instanceof Error ? error.message : String(error)}`,
      isRetryable: true,
      location: { url: shown },
      hint: "Check that the server is running and reachable, and that the URL's user, password and database are right (TUNEOPS_DATABASE_URL); leave the URL unset to use the local SQLite file.",
      cause: error,
    });
  }
  if (schema !== undefined) {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (error) {
      // Concurrent `create schema if not exists` can still race on Postgres; a schema that now exists is fine.
      const { rows } = await sql<{ found: number }>`select 1 as found from pg_namespace where nspname = ${schema}`.execute(db);
      if (rows.length === 0) {
        await db.destroy().catch(() => undefined);
        throw new TuneopsError({ code: "store_failed", message: `Cannot create schema ${schema}`, hint: "Grant the user CREATE on the database, or create the schema first.", cause: error });
      }
    }
  }
  return migrated(new KyselyStore({ db, dialect: "postgres", ...(schema === undefined ? {} : { schema }) }), db);
}

async function migrated(store: KyselyStore, db: Kysely<Database>): Promise<Store> {
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
}
