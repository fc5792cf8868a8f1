import type { StoreMigration } from "./store-migration.js";

/** Virtual keys get an expiry, allow-lists of routes and models (JSON arrays) and an admin flag. */
export const virtualKeyAccessMigration: StoreMigration = {
  async up(db, { types }) {
    await db.schema.alterTable("virtual_keys").addColumn("expires_at", types.epochMs).execute();
    await db.schema.alterTable("virtual_keys").addColumn("allowed_routes", "text").execute();
    await db.schema.alterTable("virtual_keys").addColumn("allowed_models", "text").execute();
    await db.schema.alterTable("virtual_keys").addColumn("admin", types.flag, (column) => column.notNull().defaultTo(0)).execute();
  },
};
