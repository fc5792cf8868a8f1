import type { Migration, MigrationProvider } from "kysely";
import type { StoreDialect } from "../schema.js";
import { initialMigration } from "./0001-initial.js";
import { arenaMigration } from "./0002-arena.js";
import { fineTuneMigration } from "./0004-finetune.js";
import { promotionTargetMigration } from "./0004-finetune-promotion-target.js";
import { gatewayMigration } from "./0003-gateway.js";
import { runOwnerMigration } from "./0005-run-owner.js";
import { battleImportKeyMigration } from "./0006-battle-import-key.js";
import { cacheEntriesMigration } from "./0006-cache-entries.js";
import { feedbackThumbsMigration } from "./0007-feedback-thumbs.js";
import { virtualKeyAccessMigration } from "./0008-virtual-key-access.js";
import { columnTypesFor } from "./store-migration.js";
import type { StoreMigration } from "./store-migration.js";

/**
 * Every migration, in order. Names sort lexically (Kysely's Migrator orders by name), so a new one is
 * a new `NNNN-what.ts` file and one line here. Listed in code, not scanned from disk, so the compiled
 * package migrates from dist without its sources.
 */
export const storeMigrations: readonly (readonly [name: string, migration: StoreMigration])[] = [
  ["0001-initial", initialMigration],
  ["0002-arena", arenaMigration],
  ["0003-gateway", gatewayMigration],
  ["0004-finetune", fineTuneMigration],
  ["0004-finetune-promotion-target", promotionTargetMigration],
  ["0005-run-owner", runOwnerMigration],
  ["0006-battle-import-key", battleImportKeyMigration],
  ["0006-cache-entries", cacheEntriesMigration],
  ["0007-feedback-thumbs", feedbackThumbsMigration],
  ["0008-virtual-key-access", virtualKeyAccessMigration],
];

/** A Kysely migration provider for one dialect. */
export function storeMigrationProvider(dialect: StoreDialect): MigrationProvider {
  const context = { dialect, types: columnTypesFor(dialect) };
  return {
    async getMigrations() {
      const migrations: Record<string, Migration> = {};
      for (const [name, migration] of storeMigrations) {
        migrations[name] = { up: (db) => migration.up(db, context) };
      }
      return migrations;
    },
  };
}
