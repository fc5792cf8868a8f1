import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "./open-store.js";
import { createPostgresDatabase } from "./postgres-database.js";
import { describeStoreConformance } from "./store.conformance.js";

const postgresUrl = process.env.TUNEOPS_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const folder = mkdtempSync(join(tmpdir(), "tuneops-store-"));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describeStoreConformance("sqlite", () => openStore({ sqlitePath: join(folder, `store-${files++}.db`) }));

// Every store gets its own schema, so test files running in parallel never see each other's rows.
const schemas: string[] = [];
function freshSchema(): string {
  const schema = `tuneops_t_${randomBytes(6).toString("hex")}`;
  schemas.push(schema);
  return schema;
}
afterAll(async () => {
  if (schemas.length === 0) return;
  const db = createPostgresDatabase({ url: postgresUrl });
  try {
    for (const schema of schemas) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
  } finally {
    await db.destroy();
  }
});

describeStoreConformance("postgres", () => openStore({ databaseUrl: postgresUrl, schema: freshSchema() }));

describe("postgres schemas", () => {
  it("keep stores apart and migrate each on its own", async () => {
    const first = await openStore({ databaseUrl: postgresUrl, schema: freshSchema() });
    const second = await openStore({ databaseUrl: postgresUrl, schema: freshSchema() });
    try {
      await first.createRun({ id: "r", project: "p", suite: "s", config: {}, datasetHash: "h", plannedCount: 1, createdAt: 1 });
      expect(await first.getRun("r")).toBeDefined();
      expect(await second.getRun("r")).toBeUndefined();
    } finally {
      await first.close();
      await second.close();
    }
  });
});
