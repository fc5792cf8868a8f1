import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll } from "vitest";
import { describeGatewayStoreConformance } from "./gateway-store.conformance.js";
import { openGatewayStore } from "./open-gateway-store.js";
import { createPostgresDatabase } from "./postgres-database.js";

const postgresUrl = process.env.TUNEOPS_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const folder = mkdtempSync(join(tmpdir(), "tuneops-gateway-store-"));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describeGatewayStoreConformance("sqlite", () => openGatewayStore({ sqlitePath: join(folder, `gateway-${files++}.db`) }));

const schemas: string[] = [];
afterAll(async () => {
  if (schemas.length === 0) return;
  const db = createPostgresDatabase({ url: postgresUrl });
  try {
    for (const schema of schemas) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
  } finally {
    await db.destroy();
  }
});

describeGatewayStoreConformance("postgres", () => {
  const schema = `tuneops_g_${randomBytes(6).toString("hex")}`;
  schemas.push(schema);
  return openGatewayStore({ databaseUrl: postgresUrl, schema });
});
