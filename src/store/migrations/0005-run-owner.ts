import type { StoreMigration } from "./store-migration.js";

/**
 * The process that executes a run (host and pid) and its heartbeat, so a run whose process died is
 * noticed and marked `interrupted` instead of showing as `running` for ever.
 */
export const runOwnerMigration: StoreMigration = {
  async up(db, { types }) {
    await db.schema.alterTable("runs").addColumn("host", "text").execute();
    await db.schema.alterTable("runs").addColumn("pid", "integer").execute();
    await db.schema.alterTable("runs").addColumn("heartbeat_at", types.epochMs).execute();
  },
};
