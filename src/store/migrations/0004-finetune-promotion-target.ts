import type { StoreMigration } from "./store-migration.js";

/** The gateway target a promotion puts the model on (the gateway reads promotions as route overrides). */
export const promotionTargetMigration: StoreMigration = {
  async up(db) {
    await db.schema.alterTable("model_promotions").addColumn("gateway_target", "text").execute();
  },
};
