import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { TuneopsError } from "../spec/errors.js";
import type { Database } from "./schema.js";

export interface PostgresDatabaseOptions {
  /** `postgres://` or `postgresql://` connection URL. */
  url: string;
  /** Schema to create and use for every table (search_path); the server's default when absent. */
  schema?: string;
  /** Pool size. */
  maxConnections?: number;
}

const int8Oid = 20;
const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Epoch milliseconds and counts are `bigint` on Postgres, which pg returns as strings; both stay far
 * below 2^53, so they are parsed to numbers for this pool only (pg's global parsers are left alone).
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((id: number, format?: "text" | "binary") =>
    id === int8Oid && format !== "binary" ? (value: string) => Number(value) : pg.types.getTypeParser(id, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/** The PostgreSQL adapter: a pool whose sessions use the store's schema. */
export function createPostgresDatabase(options: PostgresDatabaseOptions): Kysely<Database> {
  if (options.schema !== undefined) assertSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    types,
    // TCP keepalive finds a connection that a proxy or a failover dropped without a word.
    keepAlive: true,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // A connection the server or a proxy ends (restart, failover, pg_terminate_backend, idle timeout)
  // makes its client emit "error": from the pool for an idle client, from the client itself for one in
  // use. Without a listener Node ends the process. The pool already drops such a client and opens a
  // new one on the next query; the query in flight, if any, fails and the store tries it again
  // (store-retry.ts). So both are listened to, and nothing else is needed.
  pool.on("error", ignoreConnectionError);
  pool.on("connect", (client) => client.on("error", ignoreConnectionError));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function ignoreConnectionError(): void {
  // The failure reaches the caller through the query it fails (see createPostgresDatabase).
}

export function assertSchemaName(schema: string): void {
  if (!identifierPattern.test(schema)) {
    throw new TuneopsError({
      code: "config_invalid",
      message: `Invalid PostgreSQL schema name "${schema}"`,
      location: { field: "schema" },
      hint: "Use letters, digits and underscores, starting with a letter or underscore (at most 63 characters).",
    });
  }
}

/** The URL without its password, for messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "";
    parsed.searchParams.delete("password");
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1@");
  }
}
