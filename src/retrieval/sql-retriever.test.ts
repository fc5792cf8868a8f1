import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, type TestOptions } from "vitest";
import { needs, testPostgresUrl } from "../../test/support/services.js";
import { createSqlRetriever, type SqlRetrieverOptions } from "./sql-retriever.js";
import { renderTemplate } from "./testing/render-template.js";

const articles = [
  { topic: "refunds", body: "Refunds are paid within 14 days.", rank: 1 },
  { topic: "refunds", body: "Shipping costs are not refunded.", rank: 2 },
  { topic: "cards", body: "A new card arrives within 5 working days.", rank: 1 },
];


interface DialectFixture {
  url: string;
  table: string;
  /** A cast the dialect understands, so the `::` handling is exercised where the dialect has it. */
  textCast: string;
  teardown: () => Promise<void>;
}

async function sqliteFixture(): Promise<DialectFixture> {
  const folder = await mkdtemp(join(tmpdir(), "tuneops-sql-"));
  const file = join(folder, "kb.db");
  const database = new Database(file);
  database.exec("create table articles (topic text, body text, rank integer)");
  const insert = database.prepare("insert into articles values (?, ?, ?)");
  for (const article of articles) insert.run(article.topic, article.body, article.rank);
  database.close();
  return { url: `sqlite:${file}`, table: "articles", textCast: "", teardown: () => rm(folder, { recursive: true, force: true }) };
}

async function postgresFixture(): Promise<DialectFixture> {
  const table = `tuneops_retrieval_${process.pid}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  await client.query(`create table ${table} (topic text, body text, rank integer)`);
  for (const article of articles) await client.query(`insert into ${table} values ($1, $2, $3)`, [article.topic, article.body, article.rank]);
  return {
    url: testPostgresUrl,
    table,
    textCast: "::text",
    teardown: async () => {
      await client.query(`drop table if exists ${table}`);
      await client.end();
    },
  };
}

const dialects: { dialect: string; setup: () => Promise<DialectFixture>; options: TestOptions }[] = [
  { dialect: "sqlite", setup: sqliteFixture, options: {} },
  { dialect: "postgres", setup: postgresFixture, options: needs("postgres") },
];

for (const { dialect, setup, options } of dialects) {
  describe(`createSqlRetriever on ${dialect}`, options, () => {
    let fixture: DialectFixture;
    const open: { close?: () => Promise<void> }[] = [];

    beforeAll(async () => {
      fixture = await setup();
    });

    afterAll(async () => {
      for (const retriever of open) await retriever.close?.();
      await fixture.teardown();
    });

    const retriever = (overrides: Partial<SqlRetrieverOptions> = {}) => {
      const created = createSqlRetriever({
        name: "kb",
        url: fixture.url,
        query: `select body${fixture.textCast} as text, ':not_a_param' as note from ${fixture.table} where topic = :topic and rank <= :max_rank order by rank`,
        params: { topic: "{{ category }}", max_rank: "{{ depth }}" },
        textColumn: "text",
        render: renderTemplate,
        ...overrides,
      });
      open.push(created);
      return created;
    };

    it("returns the rows of the query, parameters rendered from the case", async () => {
      const kb = retriever();
      await kb.prepare?.();
      expect(await kb.retrieve({ vars: { category: "refunds", depth: 5 } })).toEqual([
        { source: "sql:row 1", text: "Refunds are paid within 14 days." },
        { source: "sql:row 2", text: "Shipping costs are not refunded." },
      ]);
      expect(await kb.retrieve({ vars: { category: "cards", depth: 1 } })).toEqual([{ source: "sql:row 1", text: "A new card arrives within 5 working days." }]);
      expect(await kb.retrieve({ vars: { category: "unknown", depth: 1 } })).toEqual([]);
    });

    it("binds a parameter used twice", async () => {
      const kb = retriever({ query: `select body as text from ${fixture.table} where topic = :topic or body like '%' || :topic || '%' order by rank, body`, params: { topic: "{{ category }}" } });
      expect((await kb.retrieve({ vars: { category: "cards" } })).map((passage) => passage.text)).toEqual(["A new card arrives within 5 working days."]);
    });

    it("treats rendered values as data, never as SQL", async () => {
      const kb = retriever();
      expect(await kb.retrieve({ vars: { category: "refunds' or '1'='1", depth: 5 } })).toEqual([]);
    });

    it("names the text column when the query does not return it", async () => {
      const kb = retriever({ textColumn: "content" });
      await expect(kb.retrieve({ vars: { category: "refunds", depth: 5 } })).rejects.toMatchObject({
        code: "config_invalid",
        message: expect.stringContaining('no column "content"'),
        location: { field: "retrievers.kb.text_column" },
      });
    });

    it("reports a failing query as a configuration error on the query field", async () => {
      const kb = retriever({ query: "select nothing from no_such_table_here where x = :topic", params: { topic: "{{ category }}" } });
      await expect(kb.retrieve({ vars: { category: "x" } })).rejects.toMatchObject({ code: "config_invalid", location: { field: "retrievers.kb.query" } });
    });

    it("rejects an aborted call and can be closed twice", async () => {
      const kb = retriever();
      const controller = new AbortController();
      controller.abort();
      await expect(kb.retrieve({ vars: { category: "refunds", depth: 5 }, signal: controller.signal })).rejects.toMatchObject({ code: "aborted" });
      await kb.close?.();
      await kb.close?.();
    });
  });
}

describe("createSqlRetriever configuration", () => {
  const base: SqlRetrieverOptions = { name: "kb", url: "sqlite:kb.db", query: "select body as text from t where topic = :topic", params: { topic: "{{ category }}" }, textColumn: "text", render: renderTemplate };

  it("rejects an unsupported URL without showing its password", () => {
    expect(() => createSqlRetriever({ ...base, url: "mysql://user:secret@host/db" })).toThrow(expect.objectContaining({ code: "config_invalid", message: expect.not.stringContaining("secret") }));
  });

  it("names parameters without templates and templates without parameters", () => {
    expect(() => createSqlRetriever({ ...base, params: {} })).toThrow(expect.objectContaining({ code: "config_invalid", message: expect.stringContaining(":topic") }));
    expect(() => createSqlRetriever({ ...base, params: { topic: "x", topc: "y" } })).toThrow(expect.objectContaining({ message: expect.stringContaining("topc") }));
  });

  it("names a SQLite file that does not exist", async () => {
    const missing = join(tmpdir(), `tuneops-missing-${randomBytes(4).toString("hex")}.db`);
    const kb = createSqlRetriever({ ...base, url: `sqlite:${missing}` });
    await expect(kb.retrieve({ vars: { category: "x" } })).rejects.toMatchObject({ code: "input_invalid", location: { file: missing } });
  });

  it("opens SQLite files read-only", async () => {
    const folder = await mkdtemp(join(tmpdir(), "tuneops-sql-"));
    try {
      const file = join(folder, "kb.db");
      new Database(file).exec("create table t (body text)").close();
      const kb = createSqlRetriever({ ...base, url: `sqlite:${file}`, query: "insert into t values (:topic) returning body as text" });
      await expect(kb.retrieve({ vars: { category: "x" } })).rejects.toMatchObject({ code: "config_invalid", message: expect.stringMatching(/readonly|read-only/i) });
      await kb.close?.();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("reports an unreachable PostgreSQL server as retryable unavailability", async () => {
    const kb = createSqlRetriever({ ...base, url: "postgres://postgres:pw@127.0.0.1:1/test" });
    const expected = { code: "provider_unavailable", isRetryable: true, location: { url: "postgres://postgres:***@127.0.0.1:1/test" } };
    await expect(kb.prepare?.()).rejects.toMatchObject(expected);
    await expect(kb.retrieve({ vars: { category: "x" } })).rejects.toMatchObject(expected);
    await kb.close?.();
  });
});
