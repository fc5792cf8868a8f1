import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { FeedbackRecord, GatewayStore, RequestFilter, RequestListFilter, RequestLogRecord, RequestWithFeedback, VirtualKeyRecord } from "../spec/gateway-store.js";
import type { FeedbackTable, RequestsTable, VirtualKeysTable } from "./gateway-schema.js";
import { toRequestRow } from "./request-row.js";
import type { Database, StoreDialect } from "./schema.js";
import { storeOperation } from "./store-retry.js";

/** Rows per insert statement: 23 columns stay under SQLite's 32,766 bound parameters. */
const insertChunk = 1_000;
/** Requests read per query by `scanRequests`. */
const scanPage = 500;

function fromRow(row: RequestsTable): RequestLogRecord {
  return {
    id: row.id,
    createdAt: Number(row.created_at),
    endpoint: row.endpoint,
    route: row.route,
    target: row.target,
    model: row.model,
    status: row.status,
    keyName: row.key_name,
    stream: row.stream === 1,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    overheadMs: row.overhead_ms,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    breakdown: row.usage_breakdown === null ? null : (JSON.parse(row.usage_breakdown) as RequestLogRecord["breakdown"]),
    costUsd: row.cost_usd,
    cacheHit: row.cache_hit === 1,
    attempts: row.attempts,
    guardActions: JSON.parse(row.guard_actions) as RequestLogRecord["guardActions"],
    error: row.error,
    requestBody: row.request_body,
    responseBody: row.response_body,
  };
}

function fromFeedbackRow(row: FeedbackTable): FeedbackRecord {
  const thumbs = row.thumbs === "up" || row.thumbs === "down" ? row.thumbs : null;
  return { id: row.id, requestId: row.request_id, score: row.score, thumbs, label: row.label, comment: row.comment, createdAt: Number(row.created_at) };
}

function fromKeyRow(row: VirtualKeysTable): VirtualKeyRecord {
  return {
    name: row.name,
    sha256: row.sha256,
    requestsPerMinute: row.requests_per_minute,
    tokensPerMinute: row.tokens_per_minute,
    budgetUsdPerDay: row.budget_usd_per_day,
    budgetUsdPerMonth: row.budget_usd_per_month,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    routes: row.allowed_routes === null ? null : (JSON.parse(row.allowed_routes) as string[]),
    models: row.allowed_models === null ? null : (JSON.parse(row.allowed_models) as string[]),
    admin: row.admin === 1,
    createdAt: Number(row.created_at),
  };
}

/** The gateway store over the same Kysely database as the main store (migration 0003). */
export class KyselyGatewayStore implements GatewayStore {
  readonly dialect: StoreDialect;
  readonly #db: Kysely<Database>;

  constructor(options: { db: Kysely<Database>; dialect: StoreDialect }) {
    this.#db = options.db;
    this.dialect = options.dialect;
  }

  async #guard<T>(operation: string, action: () => Promise<T>): Promise<T> {
    return storeOperation(operation, action);
  }

  insertRequests(rows: readonly RequestLogRecord[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.#guard("write request logs", () =>
      this.#db.transaction().execute(async (transaction) => {
        for (let start = 0; start < rows.length; start += insertChunk) {
          const values = rows.slice(start, start + insertChunk).map(toRequestRow);
          await transaction.insertInto("requests").values(values).onConflict((conflict) => conflict.column("id").doNothing()).execute();
        }
      }),
    );
  }

  listRequests(options: { limit?: number } & RequestListFilter = {}): Promise<RequestWithFeedback[]> {
    return this.#guard("list request logs", async () => {
      const limit = Math.max(1, Math.min(10_000, Math.trunc(options.limit ?? 50)));
      let query = this.#db.selectFrom("requests").selectAll();
      if (options.route !== undefined) query = query.where("route", "=", options.route);
      if (options.endpoint !== undefined) query = query.where("endpoint", "=", options.endpoint);
      if (options.since !== undefined) query = query.where("created_at", ">=", options.since);
      if (options.until !== undefined) query = query.where("created_at", "<", options.until);
      if (options.keyName !== undefined) query = query.where("key_name", "=", options.keyName);
      if (options.status !== undefined) query = query.where("status", ">=", options.status.min).where("status", "<=", options.status.max);
      if (options.search !== undefined && options.search !== "") {
        // LIKE with an explicit escape character reads the same on SQLite and PostgreSQL.
        const pattern = `%${options.search.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
        const columns = ["id", "model", "target", "error", "request_body", "response_body"] as const;
        query = query.where((where) => where.or(columns.map((column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`)));
      }
      const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
      return this.#withFeedback(rows.map(fromRow));
    });
  }

  getRequest(id: string): Promise<RequestWithFeedback | undefined> {
    return this.#guard("read a request log", async () => {
      const row = await this.#db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirst();
      if (!row) return undefined;
      const [joined] = await this.#withFeedback([fromRow(row)]);
      return joined;
    });
  }

  async *scanRequests(filter: RequestFilter = {}): AsyncIterable<RequestWithFeedback> {
    let after: { createdAt: number; id: string } | undefined;
    for (;;) {
      const page = await this.#guard("read request logs", async () => {
        let query = this.#db.selectFrom("requests").selectAll();
        if (filter.route !== undefined) query = query.where("route", "=", filter.route);
        if (filter.endpoint !== undefined) query = query.where("endpoint", "=", filter.endpoint);
        if (filter.since !== undefined) query = query.where("created_at", ">=", filter.since);
        if (filter.until !== undefined) query = query.where("created_at", "<", filter.until);
        if (after !== undefined) {
          const { createdAt, id } = after;
          query = query.where((where) => where.or([where("created_at", ">", createdAt), where.and([where("created_at", "=", createdAt), where("id", ">", id)])]));
        }
        const rows = await query.orderBy("created_at").orderBy("id").limit(scanPage).execute();
        return this.#withFeedback(rows.map(fromRow));
      });
      yield* page;
      const last = page.at(-1);
      if (last === undefined || page.length < scanPage) return;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  async #withFeedback(requests: RequestLogRecord[]): Promise<RequestWithFeedback[]> {
    if (requests.length === 0) return [];
    const rows = await this.#db
      .selectFrom("feedback")
      .selectAll()
      .where(
        "request_id",
        "in",
        requests.map((request) => request.id),
      )
      .orderBy("created_at")
      .execute();
    const byRequest = new Map<string, FeedbackRecord[]>();
    for (const row of rows) {
      const list = byRequest.get(row.request_id) ?? [];
      list.push(fromFeedbackRow(row));
      byRequest.set(row.request_id, list);
    }
    return requests.map((request) => ({ ...request, feedback: byRequest.get(request.id) ?? [] }));
  }

  insertFeedback(feedback: FeedbackRecord): Promise<void> {
    return this.#guard("store feedback", async () => {
      await this.#db
        .insertInto("feedback")
        .values({ id: feedback.id, request_id: feedback.requestId, score: feedback.score, thumbs: feedback.thumbs ?? null, label: feedback.label, comment: feedback.comment, created_at: feedback.createdAt })
        .execute();
    });
  }

  deleteRequestsBefore(before: number): Promise<number> {
    return this.#guard("apply the log retention", () =>
      this.#db.transaction().execute(async (transaction) => {
        const old = transaction.selectFrom("requests").select("id").where("created_at", "<", before);
        await transaction.deleteFrom("feedback").where("request_id", "in", old).execute();
        const result = await transaction.deleteFrom("requests").where("created_at", "<", before).executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
    );
  }

  spendByKeySince(since: number): Promise<Map<string, number>> {
    return this.#guard("sum spend per key", async () => {
      const rows = await this.#db
        .selectFrom("requests")
        .select(["key_name", sql<number>`sum(cost_usd)`.as("spent")])
        .where("created_at", ">=", since)
        .where("key_name", "is not", null)
        .groupBy("key_name")
        .execute();
      return new Map(rows.map((row) => [row.key_name as string, Number(row.spent ?? 0)]));
    });
  }

  upsertVirtualKey(key: VirtualKeyRecord): Promise<void> {
    return this.#guard("store a virtual key", async () => {
      const row: VirtualKeysTable = {
        name: key.name,
        sha256: key.sha256,
        requests_per_minute: key.requestsPerMinute,
        tokens_per_minute: key.tokensPerMinute,
        budget_usd_per_day: key.budgetUsdPerDay,
        budget_usd_per_month: key.budgetUsdPerMonth,
        expires_at: key.expiresAt ?? null,
        allowed_routes: key.routes ? JSON.stringify(key.routes) : null,
        allowed_models: key.models ? JSON.stringify(key.models) : null,
        admin: key.admin === true ? 1 : 0,
        created_at: key.createdAt,
      };
      const { name: _name, created_at: _created, ...update } = row;
      await this.#db.insertInto("virtual_keys").values(row).onConflict((conflict) => conflict.column("name").doUpdateSet(update)).execute();
    });
  }

  listVirtualKeys(): Promise<VirtualKeyRecord[]> {
    return this.#guard("list virtual keys", async () => (await this.#db.selectFrom("virtual_keys").selectAll().orderBy("name").execute()).map(fromKeyRow));
  }

  deleteVirtualKey(name: string): Promise<boolean> {
    return this.#guard("delete a virtual key", async () => {
      const result = await this.#db.deleteFrom("virtual_keys").where("name", "=", name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}
