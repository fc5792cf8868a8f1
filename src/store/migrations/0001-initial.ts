import type { StoreMigration } from "./store-migration.js";

/** Projects, datasets, runs, results and the response cache. */
export const initialMigration: StoreMigration = {
  async up(db, { types }) {
    await db.schema
      .createTable("projects")
      .addColumn("name", "text", (column) => column.primaryKey())
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .execute();

    await db.schema
      .createTable("datasets")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("name", "text", (column) => column.notNull())
      .addColumn("hash", "text", (column) => column.notNull())
      .addColumn("path", "text", (column) => column.notNull())
      .addColumn("format", "text", (column) => column.notNull())
      .addColumn("row_count", "integer", (column) => column.notNull())
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .addUniqueConstraint("datasets_name_hash_unique", ["name", "hash"])
      .execute();

    await db.schema
      .createTable("runs")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("project", "text", (column) => column.notNull())
      .addColumn("suite", "text", (column) => column.notNull())
      .addColumn("status", "text", (column) => column.notNull())
      .addColumn("config", "text", (column) => column.notNull())
      .addColumn("dataset_hash", "text", (column) => column.notNull())
      .addColumn("planned_count", "integer", (column) => column.notNull())
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .addColumn("ended_at", types.epochMs)
      .addColumn("summary", "text")
      .execute();
    // listRuns reads newest first, optionally per project; runs are few, so this index is cheap.
    await db.schema.createIndex("runs_project_created_at").on("runs").columns(["project", "created_at"]).execute();
    await db.schema.createIndex("runs_created_at").on("runs").column("created_at").execute();

    // The primary key is the only index: it serves resume (duplicate skip), counting and the ordered,
    // keyset-paginated read. Anything more would slow the hot insert path and grow each row.
    await db.schema
      .createTable("results")
      .addColumn("run_id", "text", (column) => column.notNull())
      .addColumn("candidate_id", types.orderedText, (column) => column.notNull())
      .addColumn("case_index", "integer", (column) => column.notNull())
      .addColumn("case_id", "text", (column) => column.notNull())
      .addColumn("repeat", "integer", (column) => column.notNull())
      .addColumn("output", "text")
      .addColumn("finish_reason", "text")
      .addColumn("scores", "text", (column) => column.notNull())
      .addColumn("pass", types.flag)
      .addColumn("score", types.float)
      .addColumn("latency_ms", types.float)
      .addColumn("ttft_ms", types.float)
      .addColumn("input_tokens", "integer")
      .addColumn("output_tokens", "integer")
      .addColumn("cache_read_tokens", "integer")
      .addColumn("cache_write_tokens", "integer")
      .addColumn("reasoning_tokens", "integer")
      .addColumn("cost_usd", types.float)
      .addColumn("cached", types.flag, (column) => column.notNull())
      .addColumn("error", "text")
      .addColumn("retrieved", "text")
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .addPrimaryKeyConstraint("results_pkey", ["run_id", "candidate_id", "case_index", "repeat"])
      .execute();

    await db.schema
      .createTable("response_cache")
      .addColumn("key", "text", (column) => column.primaryKey())
      .addColumn("value", "text", (column) => column.notNull())
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .execute();
  },
};
