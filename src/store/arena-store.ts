import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { ArenaStore, BattleFilter, BattleRecord, BattleSource, BattleWinner, JudgeVerdict, NewBattle } from "../spec/arena-store.js";
import { TuneopsError } from "../spec/errors.js";
import type { Store } from "../spec/store.js";
import type { BattlesTable } from "./arena-schema.js";
import { KyselyStore } from "./kysely-store.js";
import type { Database } from "./schema.js";
import { storeOperation } from "./store-retry.js";

const battleColumns = 13;
/** Most bound parameters per statement (SQLite's limit is the lower of the two dialects'). */
const maxParameters = 32_766;

/** The arena store over the same Kysely connection as the main store (SQLite or PostgreSQL). */
export class KyselyArenaStore implements ArenaStore {
  readonly #db: Kysely<Database>;
  readonly #readPageSize: number;
  /** Per-process sequence: ids stored within one millisecond keep their order. */
  #sequence = 0;
  readonly #instance = randomBytes(4).toString("hex");

  constructor(options: { db: Kysely<Database>; readPageSize?: number }) {
    this.#db = options.db;
    this.#readPageSize = options.readPageSize ?? 5_000;
  }

  insertBattles(battles: readonly NewBattle[]): Promise<number> {
    if (battles.length === 0) return Promise.resolve(0);
    return this.#guard(`store ${battles.length} battles`, async () => {
      const rows = battles.map((battle) => this.#toRow(battle));
      const chunk = Math.floor(maxParameters / battleColumns);
      let stored = 0;
      await this.#db.transaction().execute(async (transaction) => {
        for (let start = 0; start < rows.length; start += chunk) {
          const result = await transaction
            .insertInto("battles")
            .values(rows.slice(start, start + chunk))
            .onConflict((conflict) => conflict.column("import_key").doNothing())
            .executeTakeFirst();
          stored += Number(result.numInsertedOrUpdatedRows ?? 0n);
        }
      });
      return stored;
    });
  }

  async *readBattles(filter: BattleFilter = {}): AsyncIterable<BattleRecord> {
    let after: string | undefined;
    for (;;) {
      const cursor = after;
      const rows = await this.#guard("read battles", () => {
        let query = this.#db.selectFrom("battles").selectAll();
        if (filter.sources !== undefined) query = query.where("source", "in", filter.sources.length === 0 ? [""] : [...filter.sources]);
        if (filter.judge !== undefined) query = query.where("judge", "=", filter.judge);
        if (cursor !== undefined) query = query.where("id", ">", cursor);
        return query.orderBy("id").limit(this.#readPageSize).execute();
      });
      for (const row of rows) yield fromBattleRow(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < this.#readPageSize) return;
      after = last.id;
    }
  }

  countBattles(filter: BattleFilter = {}): Promise<number> {
    return this.#guard("count battles", async () => {
      let query = this.#db.selectFrom("battles").select((eb) => eb.fn.countAll<number | string>().as("count"));
      if (filter.sources !== undefined) query = query.where("source", "in", filter.sources.length === 0 ? [""] : [...filter.sources]);
      if (filter.judge !== undefined) query = query.where("judge", "=", filter.judge);
      return Number((await query.executeTakeFirstOrThrow()).count);
    });
  }

  #toRow(battle: NewBattle): BattlesTable {
    this.#sequence += 1;
    const id = `${Math.max(0, Math.trunc(battle.createdAt)).toString(36).padStart(9, "0")}${this.#sequence.toString(36).padStart(8, "0")}${this.#instance}`;
    return {
      id,
      model_a: battle.modelA,
      model_b: battle.modelB,
      winner: battle.winner,
      source: battle.source,
      judge: battle.judge,
      case_id: battle.caseId,
      run_a: battle.runA,
      run_b: battle.runB,
      shown_first: battle.shownFirst,
      verdicts: battle.verdicts === null ? null : JSON.stringify(battle.verdicts),
      created_at: battle.createdAt,
      import_key: battle.importKey ?? null,
    };
  }

  async #guard<T>(operation: string, action: () => Promise<T>): Promise<T> {
    return storeOperation(operation, action);
  }
}

function fromBattleRow(row: BattlesTable): BattleRecord {
  return {
    id: row.id,
    modelA: row.model_a,
    modelB: row.model_b,
    winner: row.winner as BattleWinner,
    source: row.source as BattleSource,
    judge: row.judge,
    caseId: row.case_id,
    runA: row.run_a,
    runB: row.run_b,
    shownFirst: row.shown_first === "a" || row.shown_first === "b" ? row.shown_first : null,
    verdicts: row.verdicts === null ? null : (JSON.parse(row.verdicts) as JudgeVerdict[]),
    createdAt: Number(row.created_at),
  };
}

/** The arena store that shares `store`'s connection (closing `store` closes it). */
export function arenaStoreOf(store: Store): ArenaStore {
  if (store instanceof KyselyStore) return new KyselyArenaStore({ db: store.kysely });
  throw new TuneopsError({ code: "internal", message: "the arena needs the SQL store (SQLite or PostgreSQL)" });
}
