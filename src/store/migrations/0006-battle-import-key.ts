import type { StoreMigration } from "./store-migration.js";

/**
 * A stable key for imported battles (a hash of the battle and its occurrence in the file), unique, so
 * importing the same file twice stores its battles once. Null for judged and voted battles, and for
 * imports the user asked to keep as duplicates (NULLs never conflict, on either dialect).
 */
export const battleImportKeyMigration: StoreMigration = {
  async up(db) {
    await db.schema.alterTable("battles").addColumn("import_key", "text").execute();
    await db.schema.createIndex("battles_import_key").unique().on("battles").column("import_key").execute();
  },
};
