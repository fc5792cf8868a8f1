import type { StoreMigration } from "./store-migration.js";

/** Fine-tuning jobs (with their events and metrics) and the model registry (with promotions). */
export const fineTuneMigration: StoreMigration = {
  async up(db, { types }) {
    await db.schema
      .createTable("finetune_jobs")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("project", "text", (column) => column.notNull())
      .addColumn("backend", "text", (column) => column.notNull())
      .addColumn("backend_kind", "text", (column) => column.notNull())
      .addColumn("external_id", "text")
      .addColumn("state", "text", (column) => column.notNull())
      .addColumn("backend_status", "text")
      .addColumn("base_model", "text", (column) => column.notNull())
      .addColumn("method", "text", (column) => column.notNull())
      .addColumn("training_file", "text", (column) => column.notNull())
      .addColumn("training_file_hash", "text", (column) => column.notNull())
      .addColumn("validation_file", "text")
      .addColumn("hyperparameters", "text", (column) => column.notNull())
      .addColumn("use_case", "text")
      .addColumn("training_price_per_mtok", types.float)
      .addColumn("fine_tuned_model", "text")
      .addColumn("artifacts", "text", (column) => column.notNull())
      .addColumn("trained_tokens", types.epochMs)
      .addColumn("cost_usd", types.float)
      .addColumn("error", "text")
      .addColumn("last_event_id", "text")
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .addColumn("updated_at", types.epochMs, (column) => column.notNull())
      .addColumn("finished_at", types.epochMs)
      .execute();
    await db.schema.createIndex("finetune_jobs_created_at").on("finetune_jobs").column("created_at").execute();
    await db.schema.createIndex("finetune_jobs_state").on("finetune_jobs").column("state").execute();

    await db.schema
      .createTable("finetune_job_events")
      .addColumn("job_id", "text", (column) => column.notNull())
      .addColumn("event_id", "text", (column) => column.notNull())
      .addColumn("seq", "integer", (column) => column.notNull())
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .addColumn("level", "text", (column) => column.notNull())
      .addColumn("message", "text", (column) => column.notNull())
      .addPrimaryKeyConstraint("finetune_job_events_pkey", ["job_id", "event_id"])
      .execute();

    await db.schema
      .createTable("finetune_job_metrics")
      .addColumn("job_id", "text", (column) => column.notNull())
      .addColumn("step", "integer", (column) => column.notNull())
      .addColumn("epoch", types.float)
      .addColumn("metric_values", "text", (column) => column.notNull())
      .addPrimaryKeyConstraint("finetune_job_metrics_pkey", ["job_id", "step"])
      .execute();

    await db.schema
      .createTable("models")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("target", "text", (column) => column.notNull())
      .addColumn("source", "text", (column) => column.notNull())
      .addColumn("use_case", "text")
      .addColumn("base_model", "text", (column) => column.notNull())
      .addColumn("job_id", "text")
      .addColumn("dataset_hash", "text")
      .addColumn("hyperparameters", "text", (column) => column.notNull())
      .addColumn("cost_usd", types.float)
      .addColumn("eval_runs", "text", (column) => column.notNull())
      .addColumn("status", "text", (column) => column.notNull())
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .addColumn("updated_at", types.epochMs, (column) => column.notNull())
      .execute();
    await db.schema.createIndex("models_use_case_created_at").on("models").columns(["use_case", "created_at"]).execute();

    await db.schema
      .createTable("model_promotions")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("use_case", "text", (column) => column.notNull())
      .addColumn("action", "text", (column) => column.notNull())
      .addColumn("model_id", "text", (column) => column.notNull())
      .addColumn("previous_model_id", "text")
      .addColumn("status", "text", (column) => column.notNull())
      .addColumn("route", "text")
      .addColumn("canary_percent", types.float)
      .addColumn("gate", "text", (column) => column.notNull())
      .addColumn("created_at", types.epochMs, (column) => column.notNull())
      .execute();
    await db.schema.createIndex("model_promotions_use_case_created_at").on("model_promotions").columns(["use_case", "created_at"]).execute();
  },
};
