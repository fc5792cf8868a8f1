import { sql } from "kysely";
import { TuneopsError } from "../spec/errors.js";
import type { GatewayStore } from "../spec/gateway-store.js";
import { KyselyGatewayStore } from "./gateway-store.js";
import { KyselyStore } from "./kysely-store.js";
import { defaultSqlitePath, isPostgresUrl, type OpenStoreOptions } from "./open-store.js";
import { createSqliteDatabase } from "./sqlite-database.js";

/**
 * Opens the gateway store on the same database as the main store (its own connection), applying
 * pending migrations first: the gateway can start on a project that never ran an evaluation.
 */
export async function openGatewayStore(options: OpenStoreOptions = {}): Promise<GatewayStore> {
  const url = options.databaseUrl?.trim();
  if (url) {
    const { assertSchemaName, createPostgresDatabase, redactDatabaseUrl } = await import("./postgres-database.js");
    if (!isPostgresUrl(url)) {
      throw new TuneopsError({ code: "config_invalid", message: `Unsupported database URL ${redactDatabaseUrl(url)}`, location: { field: "TUNEOPS_DATABASE_URL" }, hint: "Use a postgres:// or postgresql:// URL." });
    }
    if (options.schema !== undefined) assertSchemaName(options.schema);
    const db = createPostgresDatabase({ url, ...(options.schema === undefined ? {} : { schema: options.schema }) });
    try {
      if (options.schema !== undefined) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
      await new KyselyStore({ db, dialect: "postgres", ...(options.schema === undefined ? {} : { schema: options.schema }) }).migrate();
    } catch (error) {
      await db.destroy().catch(() => undefined);
      throw new TuneopsError({ code: "store_failed", message: `Cannot open the gateway store at ${redactDatabaseUrl(url)}: ${(error as Error).message}`, isRetryable: true, cause: error });
    }
    return new KyselyGatewayStore({ db, dialect: "postgres" });
  }
  const db = createSqliteDatabase({ path: options.sqlitePath ?? defaultSqlitePath });
  try {
    await new KyselyStore({ db, dialect: "sqlite" }).migrate();
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return new KyselyGatewayStore({ db, dialect: "sqlite" });
}
