import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { TuneopsError } from "../spec/errors.js";
import { isPostgresUrl, openStore } from "./open-store.js";
import { redactDatabaseUrl } from "./postgres-database.js";

const folder = mkdtempSync(join(tmpdir(), "tuneops-open-store-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<TuneopsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TuneopsError)) throw new Error(`expected a TuneopsError, got ${String(error)}`);
  return error;
}

describe("openStore (SQLite)", () => {
  it("creates the folder, migrates, and opens the file in WAL mode", async () => {
    const path = join(folder, "nested", "deeper", "tuneops.db");
    const store = await openStore({ sqlitePath: path });
    expect(store.dialect).toBe("sqlite");
    await store.createRun({ id: "r1", project: "p", suite: "s", config: { a: 1 }, datasetHash: "h", plannedCount: 2, createdAt: 5 });
    await store.close();

    const raw = new BetterSqlite3(path, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      const tables = raw.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(["datasets", "projects", "response_cache", "results", "runs", "tuneops_migrations"]));
      expect(raw.prepare("select name from projects").pluck().all()).toEqual(["p"]);
    } finally {
      raw.close();
    }

    const reopened = await openStore({ sqlitePath: path });
    expect((await reopened.getRun("r1"))?.config).toEqual({ a: 1 });
    await reopened.close();
  });

  it("accepts :memory: and an empty URL as SQLite", async () => {
    const store = await openStore({ databaseUrl: "", sqlitePath: ":memory:" });
    expect(store.dialect).toBe("sqlite");
    expect(await store.countResults("none")).toBe(0);
    await store.close();
  });

  it("reports a path it cannot open", async () => {
    const blocker = join(folder, "a-file");
    const store = await openStore({ sqlitePath: blocker });
    await store.close();
    const error = await failure(openStore({ sqlitePath: join(blocker, "inside.db") }));
    expect(error.code).toBe("store_failed");
    expect(error.location?.file).toBe(join(blocker, "inside.db"));
    expect(error.hint).toBeTruthy();
  });
});

describe("openStore (PostgreSQL)", () => {
  it("names the unreachable server without its password", async () => {
    const error = await failure(openStore({ databaseUrl: "postgres://tuneops:s3cret-pass@127.0.0.1:1/tuneops" }));
    expect(error.code).toBe("store_failed");
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain("postgres://tuneops@127.0.0.1:1/tuneops");
    expect(error.message).not.toContain("s3cret-pass");
    expect(error.location?.url).not.toContain("s3cret-pass");
    expect(error.hint).toContain("TUNEOPS_DATABASE_URL");
  });

  it("refuses a URL of another database and an invalid schema name", async () => {
    expect((await failure(openStore({ databaseUrl: "mysql://root:pw@localhost/db" }))).code).toBe("config_invalid");
    const badSchema = await failure(openStore({ databaseUrl: "postgres://postgres@127.0.0.1:1/x", schema: "x; drop table runs" }));
    expect(badSchema.code).toBe("config_invalid");
    expect(badSchema.location?.field).toBe("schema");
  });
});

describe("database URLs", () => {
  it("recognises postgres URLs", () => {
    expect(isPostgresUrl("postgres://h/db")).toBe(true);
    expect(isPostgresUrl("postgresql://h/db")).toBe(true);
    expect(isPostgresUrl("POSTGRES://h/db")).toBe(true);
    expect(isPostgresUrl("sqlite:./x.db")).toBe(false);
  });

  it("drops passwords from URLs shown to people", () => {
    expect(redactDatabaseUrl("postgres://user:pw@db.example:5432/app?sslmode=require")).toBe("postgres://user@db.example:5432/app?sslmode=require");
    expect(redactDatabaseUrl("postgresql://db.example/app?password=pw&user=u")).toBe("postgresql://db.example/app?user=u");
    expect(redactDatabaseUrl("postgres://user@host/db")).toBe("postgres://user@host/db");
  });
});
