import { randomUUID } from "node:crypto";
import { Migrator, sql } from "kysely";
import type { Kysely } from "kysely";
import { TuneopsError } from "../spec/errors.js";
import { resultKey } from "../spec/result.js";
import type { ResultRecord } from "../spec/result.js";
import type { CacheFilter, CacheStatsRow, CachedResponse, DatasetRecord, NewDataset, NewRun, RunCondition, RunPatch, RunRecord, Store } from "../spec/store.js";
import { storeMigrationProvider } from "./migrations/store-migrations.js";
import { compileResultInsert, resultColumns } from "./result-insert.js";
import { fromResultRow } from "./result-row.js";
import { fromDatasetRow, fromRunRow, toJsonText, toRunRow } from "./run-row.js";
import type { Database, RunsTable, StoreDialect } from "./schema.js";
import { isConnectionLost, toStoreError } from "./store-error.js";
import { storeOperation, withStoreRetry } from "./store-retry.js";

export interface KyselyStoreOptions {
  db: Kysely<Database>;
  dialect: StoreDialect;
  /**
   * Postgres: the schema that holds the tables and the migration bookkeeping. Defaults to the
   * session's current schema (Kysely's Migrator would otherwise find another schema's bookkeeping).
   */
  schema?: string;
  /** Clock for the rows the store stamps itself (datasets), epoch ms. */
  now?: () => number;
  /** Rows per page of `readResults`. */
  readPageSize?: number;
}

/** A select or delete on the response cache that can take the cache filter's conditions. */
type WhereQuery = {
  where(column: "provider" | "model", operator: "=", value: string): unknown;
  where(column: "created_at", operator: "<", value: number): unknown;
};

/** Most bound parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER, Postgres' wire limit. */
const maxParameters: Record<StoreDialect, number> = { sqlite: 32_766, postgres: 65_535 };

/** Session settings that make a keyset page read use the primary key index (see `#withIndexScan`). */
const indexScanSettings: Record<StoreDialect, readonly string[]> = {
  sqlite: [],
  postgres: ["set local enable_bitmapscan = off", "set local enable_seqscan = off"],
};

/** The one Store implementation; the dialect only changes limits and migration column types. */
export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly #db: Kysely<Database>;
  readonly #schema: string | undefined;
  readonly #now: () => number;
  readonly #readPageSize: number;
  readonly #resultChunkSize: number;

  constructor(options: KyselyStoreOptions) {
    this.dialect = options.dialect;
    this.#db = options.db;
    this.#schema = options.schema;
    this.#now = options.now ?? Date.now;
    this.#readPageSize = options.readPageSize ?? 1_000;
    this.#resultChunkSize = Math.floor(maxParameters[options.dialect] / resultColumns.length);
  }

  /** The connection, shared with the stores of other areas (e.g. src/store/arena-store.ts). */
  get kysely(): Kysely<Database> {
    return this.#db;
  }

  /** Applies pending migrations; a connection lost on the way is replaced and the migration tried again (each runs in its own transaction). */
  migrate(): Promise<void> {
    return withStoreRetry(() => this.#migrateOnce()).catch((error: unknown) => {
      throw toStoreError("migrate", error);
    });
  }

  async #migrateOnce(): Promise<void> {
    const migrationTableSchema = this.dialect === "postgres" ? (this.#schema ?? (await this.#currentSchema())) : undefined;
    const migrator = new Migrator({
      db: this.#db,
      provider: storeMigrationProvider(this.dialect),
      migrationTableName: "tuneops_migrations",
      migrationLockTableName: "tuneops_migrations_lock",
      // Each migration creates tables of its own area, so one merged from a parallel line of work may run
      // after a later-numbered one that a database already has.
      allowUnorderedMigrations: true,
      ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined && isConnectionLost(error)) throw error;
    if (error !== undefined) {
      const failed = results?.find((result) => result.status === "Error")?.migrationName;
      throw toStoreError(failed === undefined ? "migrate" : `apply migration ${failed}`, error);
    }
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }

  upsertDataset(dataset: NewDataset): Promise<DatasetRecord> {
    return this.#guard("upsert a dataset", async () => {
      // The same (name, content hash) is the same dataset version: keep its id and creation time and
      // only follow the file if it moved.
      const row = await this.#db
        .insertInto("datasets")
        .values({
          id: randomUUID(),
          name: dataset.name,
          hash: dataset.hash,
          path: dataset.path,
          format: dataset.format,
          row_count: dataset.rowCount,
          created_at: this.#now(),
        })
        .onConflict((conflict) => conflict.columns(["name", "hash"]).doUpdateSet((eb) => ({ path: eb.ref("excluded.path") })))
        .returningAll()
        .executeTakeFirstOrThrow();
      return fromDatasetRow(row);
    });
  }

  createRun(run: NewRun): Promise<RunRecord> {
    return this.#guard(`create run ${run.id}`, async () => {
      const row = toRunRow(run);
      await this.#db.transaction().execute(async (transaction) => {
        await transaction
          .insertInto("projects")
          .values({ name: run.project, created_at: run.createdAt })
          .onConflict((conflict) => conflict.column("name").doNothing())
          .execute();
        await transaction.insertInto("runs").values(row).execute();
      });
      return fromRunRow(row);
    });
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.#guard(`read run ${id}`, async () => {
      const row = await this.#db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : fromRunRow(row);
    });
  }

  listRuns(options: { limit?: number; project?: string } = {}): Promise<RunRecord[]> {
    return this.#guard("list runs", async () => {
      let query = this.#db.selectFrom("runs").selectAll();
      if (options.project !== undefined) query = query.where("project", "=", options.project);
      query = query.orderBy("created_at", "desc").orderBy("id", "desc");
      if (options.limit !== undefined) query = query.limit(Math.max(0, Math.trunc(options.limit)));
      return (await query.execute()).map(fromRunRow);
    });
  }

  updateRun(id: string, patch: RunPatch, condition: RunCondition = {}): Promise<boolean> {
    return this.#guard(`update run ${id}`, async () => {
      const set: Partial<RunsTable> = {};
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.endedAt !== undefined) set.ended_at = patch.endedAt;
      if (patch.summary !== undefined) set.summary = patch.summary === null ? null : toJsonText(patch.summary);
      if (patch.owner !== undefined) {
        set.host = patch.owner?.host ?? null;
        set.pid = patch.owner?.pid ?? null;
      }
      if (patch.heartbeatAt !== undefined) set.heartbeat_at = patch.heartbeatAt;
      const conditional = condition.status !== undefined || condition.heartbeatAt !== undefined;
      let updated = false;
      if (Object.keys(set).length > 0) {
        let query = this.#db.updateTable("runs").set(set).where("id", "=", id);
        if (condition.status !== undefined) query = query.where("status", "=", condition.status);
        if (condition.heartbeatAt === null) query = query.where("heartbeat_at", "is", null);
        else if (condition.heartbeatAt !== undefined) query = query.where("heartbeat_at", "=", condition.heartbeatAt);
        updated = (await query.executeTakeFirst()).numUpdatedRows > 0n;
      }
      if (updated) return true;
      const found = (await this.#db.selectFrom("runs").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
      if (!found) {
        throw new TuneopsError({ code: "not_found", message: `Run ${id} does not exist`, hint: "Check the run id (list runs to see the stored ones)." });
      }
      // An empty patch on an existing run, or a condition the run no longer meets.
      return !conditional && Object.keys(set).length === 0;
    });
  }

  insertResults(results: readonly ResultRecord[]): Promise<number> {
    if (results.length === 0) return Promise.resolve(0);
    return this.#guard(`insert ${results.length} results`, async () => {
      // One chunk is one statement, atomic on its own: skip the BEGIN/COMMIT round trips.
      if (results.length <= this.#resultChunkSize) return this.#insertResultRows(this.#db, results);
      return this.#db.transaction().execute(async (transaction) => {
        let inserted = 0;
        for (let start = 0; start < results.length; start += this.#resultChunkSize) {
          inserted += await this.#insertResultRows(transaction, results.slice(start, start + this.#resultChunkSize));
        }
        return inserted;
      });
    });
  }

  completedResultKeys(runId: string): Promise<Set<string>> {
    return this.#guard(`read result keys of run ${runId}`, async () => {
      const rows = await this.#db.selectFrom("results").select(["candidate_id", "case_index", "repeat"]).where("run_id", "=", runId).execute();
      return new Set(rows.map((row) => resultKey(row.candidate_id, row.case_index, row.repeat)));
    });
  }

  countResults(runId: string): Promise<number> {
    return this.#guard(`count results of run ${runId}`, async () => {
      const row = await this.#db
        .selectFrom("results")
        .select((eb) => eb.fn.countAll<number | string>().as("count"))
        .where("run_id", "=", runId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    });
  }

  countResultsByRun(runIds: readonly string[]): Promise<Map<string, number>> {
    if (runIds.length === 0) return Promise.resolve(new Map());
    return this.#guard("count results by run", async () => {
      const rows = await this.#db
        .selectFrom("results")
        .select((eb) => ["run_id", eb.fn.countAll<number | string>().as("count")])
        .where("run_id", "in", [...runIds])
        .groupBy("run_id")
        .execute();
      return new Map(rows.map((row) => [row.run_id, Number(row.count)]));
    });
  }

  async *readResults(runId: string, options: { candidateId?: string } = {}): AsyncIterable<ResultRecord> {
    // Keyset pagination along the primary key: each page is an index range scan, whatever the depth.
    let after: readonly [string, number, number] | undefined;
    for (;;) {
      const cursor = after;
      const rows = await this.#guard(`read results of run ${runId}`, () =>
        this.#withIndexScan((db) => {
          let query = db.selectFrom("results").selectAll().where("run_id", "=", runId);
          if (options.candidateId !== undefined) query = query.where("candidate_id", "=", options.candidateId);
          if (cursor !== undefined) {
            query = query.where((eb) => eb(eb.refTuple("candidate_id", "case_index", "repeat"), ">", eb.tuple(cursor[0], cursor[1], cursor[2])));
          }
          return query.orderBy("candidate_id").orderBy("case_index").orderBy("repeat").limit(this.#readPageSize).execute();
        }),
      );
      for (const row of rows) yield fromResultRow(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < this.#readPageSize) return;
      after = [last.candidate_id, last.case_index, last.repeat];
    }
  }

  cacheGet(key: string): Promise<CachedResponse | undefined> {
    return this.#guard("read the response cache", async () => {
      const row = await this.#db.selectFrom("response_cache").select("value").where("key", "=", key).executeTakeFirst();
      return row === undefined ? undefined : (JSON.parse(row.value) as CachedResponse);
    });
  }

  cachePut(entries: readonly { key: string; value: CachedResponse }[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.#guard(`write ${entries.length} response cache entries`, async () => {
      // Postgres refuses to upsert one key twice in a statement: the last entry for a key wins.
      const latest = new Map(entries.map((entry) => [entry.key, entry.value]));
      const rows = [...latest].map(([key, value]) => ({
        key,
        value: JSON.stringify(value),
        created_at: value.createdAt,
        provider: value.provider ?? null,
        model: value.model ?? null,
        model_version: value.modelVersion ?? null,
      }));
      const chunkSize = Math.floor(maxParameters[this.dialect] / 6);
      await this.#db.transaction().execute(async (transaction) => {
        for (let start = 0; start < rows.length; start += chunkSize) {
          await transaction
            .insertInto("response_cache")
            .values(rows.slice(start, start + chunkSize))
            .onConflict((conflict) =>
              conflict.column("key").doUpdateSet((eb) => ({
                value: eb.ref("excluded.value"),
                created_at: eb.ref("excluded.created_at"),
                provider: eb.ref("excluded.provider"),
                model: eb.ref("excluded.model"),
                model_version: eb.ref("excluded.model_version"),
              })),
            )
            .execute();
        }
      });
    });
  }

  cacheStats(filter: CacheFilter = {}): Promise<CacheStatsRow[]> {
    return this.#guard("read the response cache's statistics", async () => {
      const bytes = this.dialect === "postgres" ? sql<number | string>`sum(octet_length(value))` : sql<number | string>`sum(length(cast(value as blob)))`;
      const rows = await this.#whereCache(this.#db.selectFrom("response_cache"), filter)
        .select((eb) => [
          "provider",
          "model",
          "model_version",
          eb.fn.countAll<number | string>().as("entries"),
          bytes.as("bytes"),
          eb.fn.min("created_at").as("oldest"),
          eb.fn.max("created_at").as("newest"),
        ])
        .groupBy(["provider", "model", "model_version"])
        .execute();
      const byModel = new Map<string, CacheStatsRow & { versionAges: [string, number][] }>();
      for (const row of rows) {
        const id = JSON.stringify([row.provider, row.model]);
        let entry = byModel.get(id);
        if (!entry) {
          entry = { provider: row.provider, model: row.model, entries: 0, bytes: 0, oldest: Infinity, newest: -Infinity, modelVersions: [], versionAges: [] };
          byModel.set(id, entry);
        }
        entry.entries += Number(row.entries);
        entry.bytes += Number(row.bytes ?? 0);
        entry.oldest = Math.min(entry.oldest, Number(row.oldest));
        entry.newest = Math.max(entry.newest, Number(row.newest));
        if (row.model_version !== null) entry.versionAges.push([row.model_version, Number(row.newest)]);
      }
      return [...byModel.values()]
        .map(({ versionAges, ...entry }) => ({ ...entry, modelVersions: versionAges.sort((a, b) => b[1] - a[1]).map(([version]) => version) }))
        .sort((a, b) => `${a.provider ?? ""}\u0000${a.model ?? ""}`.localeCompare(`${b.provider ?? ""}\u0000${b.model ?? ""}`));
    });
  }

  cacheClear(filter: CacheFilter = {}): Promise<number> {
    return this.#guard("clear the response cache", async () => {
      const outcome = await this.#whereCache(this.#db.deleteFrom("response_cache"), filter).executeTakeFirst();
      return Number(outcome.numDeletedRows);
    });
  }

  #whereCache<Q extends WhereQuery>(query: Q, filter: CacheFilter): Q {
    let filtered = query;
    if (filter.provider !== undefined) filtered = filtered.where("provider", "=", filter.provider) as Q;
    if (filter.model !== undefined) filtered = filtered.where("model", "=", filter.model) as Q;
    if (filter.createdBefore !== undefined) filtered = filtered.where("created_at", "<", filter.createdBefore) as Q;
    return filtered;
  }

  /** ON CONFLICT DO NOTHING: the affected-row count is the number of new results on both dialects. */
  async #insertResultRows(db: Kysely<Database>, results: readonly ResultRecord[]): Promise<number> {
    const outcome = await db.executeQuery(compileResultInsert(this.dialect, results));
    return Number(outcome.numAffectedRows ?? 0n);
  }

  /**
   * Runs an ordered page read so it walks the primary key. Postgres without fresh statistics (a run
   * just written, before autovacuum analyzes it) estimates a handful of rows and picks a bitmap scan
   * plus sort, which reads the whole rest of the run for every page; the session settings (scoped to
   * the transaction) steer it back to the index scan that returns rows already in order.
   */
  async #withIndexScan<T>(read: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const settings = indexScanSettings[this.dialect];
    if (settings.length === 0) return read(this.#db);
    return this.#db.transaction().execute(async (transaction) => {
      for (const setting of settings) await sql.raw(setting).execute(transaction);
      return read(transaction);
    });
  }

  async #currentSchema(): Promise<string> {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(this.#db);
    const schema = rows[0]?.schema;
    if (schema === undefined || schema === null) {
      throw new TuneopsError({ code: "store_failed", message: "PostgreSQL reports no current schema", hint: "Set search_path, or pass a schema to the store." });
    }
    return schema;
  }

  async #guard<T>(operation: string, action: () => Promise<T>): Promise<T> {
    return storeOperation(operation, action);
  }
}
