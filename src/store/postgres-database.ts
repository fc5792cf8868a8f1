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
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
