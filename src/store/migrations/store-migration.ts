import { sql } from "kysely";
import type { ColumnDataType, Expression, Kysely } from "kysely";
import type { StoreDialect } from "../schema.js";

/**
 * One schema change. Migrations receive the column types of the dialect they run on, so one
 * migration serves SQLite and Postgres; they never read the database's table types (those describe
 * the latest schema, not the one the migration starts from).
 */
export interface StoreMigration {
  up(db: Kysely<unknown>, context: MigrationContext): Promise<void>;
}

/** What `addColumn` accepts as a type (Kysely does not export its own alias). */
export type DataTypeExpression = ColumnDataType | Expression<unknown>;

export interface MigrationContext {
  dialect: StoreDialect;
  types: ColumnTypes;
}

/** The column types that differ between dialects. */
export interface ColumnTypes {
  /** Epoch milliseconds: 64-bit integer (Postgres `bigint`, parsed back to a number on read). */
  epochMs: DataTypeExpression;
  /** A float (SQLite REAL is already 8 bytes). */
  float: DataTypeExpression;
  /** A 0/1 flag: booleans are stored as integers in both dialects so one row mapping serves both. */
  flag: DataTypeExpression;
  /**
   * Text that keys an ordered read: byte order on Postgres (collation "C"), which is SQLite's
   * BINARY order, so pages come back in the same order on both.
   */
  orderedText: DataTypeExpression;
}

export function columnTypesFor(dialect: StoreDialect): ColumnTypes {
  if (dialect === "postgres") {
    return { epochMs: "bigint", float: "double precision", flag: "smallint", orderedText: sql`text collate "C"` };
  }
  return { epochMs: "integer", float: "real", flag: "integer", orderedText: "text" };
}
