import type { StoreMigration } from "./store-migration.js";

/** Pairwise battles of the arena (judges, human votes, imports). */
export const arenaMigration: StoreMigration = {
  async up(db, { types }) {
    // The id is sortable (time, then a sequence): the primary key serves the ordered, keyset-paginated
    // read that online Elo needs, so no other index is kept.
    await db.schema
      .createTable("battles")
      .addColumn("id", types.orderedText, (column) => column.primaryKey())
      .addColumn("model_a", "text", (column) => column.notNull())
      .addColumn("model_b", "text", (column) => column.notNull())
      .addColumn("winner", "text", (column) => column.notNull())
      .addColumn("source", "text", (column) => column.notNull())
      .addColumn("judge", "text", (column) => column.notNull())
      .addColumn("case_id", "text")
      .addColumn("run_a", "text")
      .addColumn("run_b", "text")
      .addColumn("shown_first", "text")
      .addColumn("verdicts", "text")
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .execute();
  },
};
