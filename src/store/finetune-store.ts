import type { Kysely } from "kysely";
import { TuneopsError } from "../spec/errors.js";
import type { Store } from "../spec/store.js";
import type { FineTuneEvent, FineTuneMetricPoint } from "../spec/finetune-backend.js";
import type {
  FineTuneJobPatch,
  FineTuneJobRecord,
  FineTuneStore,
  NewFineTuneJob,
  NewPromotion,
  NewRegisteredModel,
  PromotionRecord,
  RegisteredModel,
  RegisteredModelPatch,
  RegisteredModelStatus,
} from "../spec/finetune-store.js";
import type { FineTuneJobsTable } from "./finetune-schema.js";
import { fromJobRow, fromModelRow, fromPromotionRow, toJobRow, toModelRow, toPromotionRow } from "./finetune-rows.js";
import { toJsonText } from "./run-row.js";
import { KyselyStore } from "./kysely-store.js";
import type { Database } from "./schema.js";
import { storeOperation as guard } from "./store-retry.js";

const finalStates = ["succeeded", "failed", "cancelled"];

/** The FineTuneStore over Kysely: the same SQL on SQLite and PostgreSQL. */
export class KyselyFineTuneStore implements FineTuneStore {
  readonly #db: Kysely<Database>;

  constructor(options: { db: Kysely<Database> }) {
    this.#db = options.db;
  }

  createJob(job: NewFineTuneJob): Promise<FineTuneJobRecord> {
    return guard(`create fine-tuning job ${job.id}`, async () => {
      const row = toJobRow(job);
      await this.#db.insertInto("finetune_jobs").values(row).execute();
      return fromJobRow(row);
    });
  }

  getJob(id: string): Promise<FineTuneJobRecord | undefined> {
    return guard(`read fine-tuning job ${id}`, async () => {
      const row = await this.#db.selectFrom("finetune_jobs").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : fromJobRow(row);
    });
  }

  listJobs(options: { limit?: number; project?: string; unfinished?: boolean } = {}): Promise<FineTuneJobRecord[]> {
    return guard("list fine-tuning jobs", async () => {
      let query = this.#db.selectFrom("finetune_jobs").selectAll();
      if (options.project !== undefined) query = query.where("project", "=", options.project);
      if (options.unfinished) query = query.where("state", "not in", finalStates);
      query = query.orderBy("created_at", "desc").orderBy("id", "desc");
      if (options.limit !== undefined) query = query.limit(Math.max(0, Math.trunc(options.limit)));
      return (await query.execute()).map(fromJobRow);
    });
  }

  updateJob(id: string, patch: FineTuneJobPatch): Promise<void> {
    return guard(`update fine-tuning job ${id}`, async () => {
      const set: Partial<FineTuneJobsTable> = {};
      if (patch.state !== undefined) set.state = patch.state;
      if (patch.externalId !== undefined) set.external_id = patch.externalId;
      if (patch.backendStatus !== undefined) set.backend_status = patch.backendStatus;
      if (patch.fineTunedModel !== undefined) set.fine_tuned_model = patch.fineTunedModel;
      if (patch.artifacts !== undefined) set.artifacts = toJsonText(patch.artifacts);
      if (patch.trainedTokens !== undefined) set.trained_tokens = patch.trainedTokens;
      if (patch.costUsd !== undefined) set.cost_usd = patch.costUsd;
      if (patch.error !== undefined) set.error = patch.error === null ? null : toJsonText(patch.error);
      if (patch.lastEventId !== undefined) set.last_event_id = patch.lastEventId;
      if (patch.updatedAt !== undefined) set.updated_at = patch.updatedAt;
      if (patch.finishedAt !== undefined) set.finished_at = patch.finishedAt;
      if (Object.keys(set).length === 0) return;
      const result = await this.#db.updateTable("finetune_jobs").set(set).where("id", "=", id).executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound("fine-tuning job", id, "tuneops finetune list");
    });
  }

  appendEvents(jobId: string, events: readonly FineTuneEvent[]): Promise<number> {
    if (events.length === 0) return Promise.resolve(0);
    return guard(`store events of fine-tuning job ${jobId}`, () =>
      this.#db.transaction().execute(async (transaction) => {
        const last = await transaction
          .selectFrom("finetune_job_events")
          .select((eb) => eb.fn.max("seq").as("seq"))
          .where("job_id", "=", jobId)
          .executeTakeFirst();
        let seq = Number(last?.seq ?? 0);
        let inserted = 0;
        for (const event of events) {
          const result = await transaction
            .insertInto("finetune_job_events")
            .values({ job_id: jobId, event_id: event.id, seq: ++seq, created_at: event.createdAt, level: event.level, message: event.message })
            .onConflict((conflict) => conflict.columns(["job_id", "event_id"]).doNothing())
            .executeTakeFirst();
          inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
        }
        return inserted;
      }),
    );
  }

  listEvents(jobId: string): Promise<FineTuneEvent[]> {
    return guard(`read events of fine-tuning job ${jobId}`, async () => {
      const rows = await this.#db.selectFrom("finetune_job_events").selectAll().where("job_id", "=", jobId).orderBy("seq").execute();
      return rows.map((row) => ({ id: row.event_id, createdAt: row.created_at, level: row.level as FineTuneEvent["level"], message: row.message }));
    });
  }

  putMetrics(jobId: string, points: readonly FineTuneMetricPoint[]): Promise<void> {
    if (points.length === 0) return Promise.resolve();
    return guard(`store metrics of fine-tuning job ${jobId}`, async () => {
      // The last point wins for a step (Postgres refuses to upsert one key twice in a statement).
      const byStep = new Map(points.map((point) => [point.step, point]));
      const rows = [...byStep.values()].map((point) => ({ job_id: jobId, step: point.step, epoch: point.epoch ?? null, metric_values: toJsonText(point.values) }));
      await this.#db.transaction().execute(async (transaction) => {
        for (let start = 0; start < rows.length; start += 1_000) {
          await transaction
            .insertInto("finetune_job_metrics")
            .values(rows.slice(start, start + 1_000))
            .onConflict((conflict) => conflict.columns(["job_id", "step"]).doUpdateSet((eb) => ({ epoch: eb.ref("excluded.epoch"), metric_values: eb.ref("excluded.metric_values") })))
            .execute();
        }
      });
    });
  }

  listMetrics(jobId: string): Promise<FineTuneMetricPoint[]> {
    return guard(`read metrics of fine-tuning job ${jobId}`, async () => {
      const rows = await this.#db.selectFrom("finetune_job_metrics").selectAll().where("job_id", "=", jobId).orderBy("step").execute();
      return rows.map((row) => ({ step: row.step, ...(row.epoch === null ? {} : { epoch: row.epoch }), values: JSON.parse(row.metric_values) as Record<string, number> }));
    });
  }

  registerModel(model: NewRegisteredModel): Promise<RegisteredModel> {
    return guard(`register model ${model.id}`, async () => {
      const row = toModelRow(model);
      await this.#db.insertInto("models").values(row).execute();
      return fromModelRow(row);
    });
  }

  getModel(id: string): Promise<RegisteredModel | undefined> {
    return guard(`read model ${id}`, async () => {
      const row = await this.#db.selectFrom("models").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : fromModelRow(row);
    });
  }

  listModels(options: { useCase?: string; limit?: number } = {}): Promise<RegisteredModel[]> {
    return guard("list models", async () => {
      let query = this.#db.selectFrom("models").selectAll();
      if (options.useCase !== undefined) query = query.where("use_case", "=", options.useCase);
      query = query.orderBy("created_at", "desc").orderBy("id", "desc");
      if (options.limit !== undefined) query = query.limit(Math.max(0, Math.trunc(options.limit)));
      return (await query.execute()).map(fromModelRow);
    });
  }

  updateModel(id: string, patch: RegisteredModelPatch): Promise<void> {
    return guard(`update model ${id}`, async () => {
      const set: { status?: string; eval_runs?: string; updated_at?: number } = {};
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.evalRuns !== undefined) set.eval_runs = toJsonText(patch.evalRuns);
      if (patch.updatedAt !== undefined) set.updated_at = patch.updatedAt;
      if (Object.keys(set).length === 0) return;
      const result = await this.#db.updateTable("models").set(set).where("id", "=", id).executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound("model", id, "tuneops models list");
    });
  }

  recordPromotion(promotion: NewPromotion, modelStatuses: Readonly<Record<string, RegisteredModelStatus>>): Promise<PromotionRecord> {
    return guard(`record the ${promotion.action} of model ${promotion.modelId}`, () =>
      this.#db.transaction().execute(async (transaction) => {
        for (const [id, status] of Object.entries(modelStatuses)) {
          const result = await transaction.updateTable("models").set({ status, updated_at: promotion.createdAt }).where("id", "=", id).executeTakeFirst();
          if (result.numUpdatedRows === 0n) throw notFound("model", id, "tuneops models list");
        }
        const row = toPromotionRow(promotion);
        await transaction.insertInto("model_promotions").values(row).execute();
        return fromPromotionRow(row);
      }),
    );
  }

  listPromotions(options: { useCase?: string; limit?: number } = {}): Promise<PromotionRecord[]> {
    return guard(options.useCase === undefined ? "list promotions" : `list promotions of ${options.useCase}`, async () => {
      let query = this.#db.selectFrom("model_promotions").selectAll();
      if (options.useCase !== undefined) query = query.where("use_case", "=", options.useCase);
      query = query.orderBy("created_at", "desc").orderBy("id", "desc");
      if (options.limit !== undefined) query = query.limit(Math.max(0, Math.trunc(options.limit)));
      return (await query.execute()).map(fromPromotionRow);
    });
  }
}

/** The fine-tuning store that shares `store`'s connection (closing `store` closes it). */
export function fineTuneStoreOf(store: Store): FineTuneStore {
  if (store instanceof KyselyStore) return new KyselyFineTuneStore({ db: store.kysely });
  throw new TuneopsError({ code: "internal", message: "fine-tuning jobs and the registry need the SQL store (SQLite or PostgreSQL)" });
}

function notFound(what: string, id: string, command: string): TuneopsError {
  return new TuneopsError({ code: "not_found", message: `no ${what} with id ${id}`, hint: `List them with \`${command}\`.` });
}

