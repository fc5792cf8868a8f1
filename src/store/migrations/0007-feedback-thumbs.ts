import type { StoreMigration } from "./store-migration.js";

/** The thumb of a feedback, kept beside its score: feedback that gives both keeps both. */
export const feedbackThumbsMigration: StoreMigration = {
  async up(db) {
    await db.schema.alterTable("feedback").addColumn("thumbs", "text").execute();
  },
};
