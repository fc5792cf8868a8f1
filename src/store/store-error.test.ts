import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isDiskFull, isReadOnly, toStoreError } from "./store-error.js";

function sqliteError(run: (db: Database.Database) => void, setup: (db: Database.Database) => void = () => undefined): unknown {
  const db = new Database(":memory:");
  setup(db);
  try {
    run(db);
  } catch (error) {
    return error;
  } finally {
    db.close();
  }
  throw new Error("expected SQLite to fail");
}

describe("toStoreError", () => {
  it("says the disk is full when SQLite runs out of pages (max_page_count stands in for a full disk)", () => {
    const full = sqliteError(
      (db) => {
        const insert = db.prepare("insert into t values (?)");
        for (let index = 0; index < 10_000; index++) insert.run("x".repeat(500));
      },
      (db) => {
        db.exec("create table t (v text)");
        db.pragma("max_page_count = 20");
      },
    );
    expect(isDiskFull(full)).toBe(true);
    const error = toStoreError("insert 500 results", full);
    expect(error.code).toBe("store_failed");
    expect(error.message).toMatch(/^Store failed to insert 500 results: the disk is full \(database or disk is full\)/);
    expect(error.hint).toMatch(/Free space on the disk/);
    expect(error.isRetryable).toBe(false);
  });

  it("says the store is read-only, and recognises both conditions under a cause", () => {
    const readOnly = sqliteError((db) => db.exec("create table t (v text)"), (db) => db.pragma("query_only = 1"));
    expect(isReadOnly(readOnly)).toBe(true);
    expect(toStoreError("create run", readOnly).message).toMatch(/the store is read-only/);
    expect(isDiskFull({ message: "wrapped", cause: Object.assign(new Error("no space"), { code: "ENOSPC" }) })).toBe(true);
    expect(toStoreError("insert", new Error("syntax error")).hint).toBeUndefined();
  });
});
