import type { StoreMigration } from "./store-migration.js";

/**
 * What a response cache entry came from (the provider name, the model and the model version the
 * upstream reported), so `tuneops cache stats|clear` can select entries and a run can tell that a model
 * changed under its name; results keep the model version that answered them.
 */
export const cacheEntriesMigration: StoreMigration = {
  async up(db) {
    await db.schema.alterTable("response_cache").addColumn("provider", "text").execute();
    await db.schema.alterTable("response_cache").addColumn("model", "text").execute();
    await db.schema.alterTable("response_cache").addColumn("model_version", "text").execute();
    // `cache clear --older-than` and the stats' oldest/newest read by age.
    await db.schema.createIndex("response_cache_created_at").on("response_cache").column("created_at").execute();
    await db.schema.alterTable("results").addColumn("model_version", "text").execute();
  },
};
