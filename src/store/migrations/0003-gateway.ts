import type { StoreMigration } from "./store-migration.js";

/** The gateway's request log, feedback and virtual keys. */
export const gatewayMigration: StoreMigration = {
  async up(db, { types }) {
    await db.schema
      .createTable("requests")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .addColumn("endpoint", "text", (column) => column.notNull())
      .addColumn("route", "text", (column) => column.notNull())
      .addColumn("target", "text")
      .addColumn("model", "text")
      .addColumn("status", "integer", (column) => column.notNull())
      .addColumn("key_name", "text")
      .addColumn("stream", types.flag, (column) => column.notNull())
      .addColumn("latency_ms", types.float, (column) => column.notNull())
      .addColumn("ttft_ms", types.float)
      .addColumn("overhead_ms", types.float, (column) => column.notNull())
      .addColumn("input_tokens", "integer")
      .addColumn("output_tokens", "integer")
      .addColumn("usage_breakdown", "text")
      .addColumn("cost_usd", types.float)
      .addColumn("cache_hit", types.flag, (column) => column.notNull())
      .addColumn("attempts", "integer", (column) => column.notNull())
      .addColumn("guard_actions", "text", (column) => column.notNull())
      .addColumn("error", "text")
      .addColumn("request_body", "text")
      .addColumn("response_body", "text")
      .execute();
    // Recent-first listing, retention deletes and per-key spend all read by time.
    await db.schema.createIndex("requests_created_at").on("requests").column("created_at").execute();

    await db.schema
      .createTable("feedback")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("request_id", "text", (column) => column.notNull())
      .addColumn("score", types.float)
      .addColumn("label", "text")
      .addColumn("comment", "text")
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .execute();
    await db.schema.createIndex("feedback_request_id").on("feedback").column("request_id").execute();

    await db.schema
      .createTable("virtual_keys")
      .addColumn("name", "text", (column) => column.primaryKey())
      .addColumn("sha256", "text", (column) => column.notNull().unique())
      .addColumn("requests_per_minute", "integer")
      .addColumn("tokens_per_minute", "integer")
      .addColumn("budget_usd_per_day", types.float)
      .addColumn("budget_usd_per_month", types.float)
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .execute();
  },
};
