import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll } from "vitest";
import { createPostgresDatabase } from "../postgres-database.js";

/** The PostgreSQL the dialect suites run against (`.ci/run` starts it; trust auth, database `test`). */
export const postgresTestUrl = process.env.TUNEOPS_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestStorePlaces {
  /** A new SQLite file in the test file's temporary folder. */
  sqlitePath(): string;
  /** A new PostgreSQL schema name, so test files running in parallel never see each other's rows. */
  postgresSchema(): string;
}

/**
 * Where one test file's stores live, on both dialects; registers the clean-up (the folder, every
 * schema handed out) to run after the file's tests. Call it at the top level of a test file.
 */
export function testStorePlaces(prefix: string): TestStorePlaces {
  const folder = mkdtempSync(join(tmpdir(), `tuneops-${prefix}-`));
  const schemas: string[] = [];
  let files = 0;
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    if (schemas.length === 0) return;
    const db = createPostgresDatabase({ url: postgresTestUrl });
    try {
      for (const schema of schemas) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    } finally {
      await db.destroy();
    }
  });
  return {
    sqlitePath: () => join(folder, `${prefix}-${files++}.db`),
    postgresSchema: () => {
      const schema = `tuneops_${prefix.replace(/[^a-z0-9]/g, "_")}_${randomBytes(6).toString("hex")}`;
      schemas.push(schema);
      return schema;
    },
  };
}
