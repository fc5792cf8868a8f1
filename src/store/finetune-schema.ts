/** Tables of fine-tuning jobs and the model registry (migration 0004), as Kysely sees them. */
export interface FineTuneTables {
  finetune_jobs: FineTuneJobsTable;
  finetune_job_events: FineTuneJobEventsTable;
  finetune_job_metrics: FineTuneJobMetricsTable;
  models: ModelsTable;
  model_promotions: ModelPromotionsTable;
}

export interface FineTuneJobsTable {
  id: string;
  project: string;
  backend: string;
  backend_kind: string;
  external_id: string | null;
  state: string;
  backend_status: string | null;
  base_model: string;
  method: string;
  training_file: string;
  training_file_hash: string;
  validation_file: string | null;
  /** JSON text. */
  hyperparameters: string;
  use_case: string | null;
  training_price_per_mtok: number | null;
  fine_tuned_model: string | null;
  /** JSON text. */
  artifacts: string;
  trained_tokens: number | null;
  cost_usd: number | null;
  /** JSON text, or null. */
  error: string | null;
  last_event_id: string | null;
  /** Epoch ms. */
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** Primary key (job_id, event_id); `seq` keeps arrival order when backend times tie. */
export interface FineTuneJobEventsTable {
  job_id: string;
  event_id: string;
  seq: number;
  created_at: number;
  level: string;
  message: string;
}

/** Primary key (job_id, step). */
export interface FineTuneJobMetricsTable {
  job_id: string;
  step: number;
  epoch: number | null;
  /** JSON text of the metric values by name. */
  metric_values: string;
}

export interface ModelsTable {
  id: string;
  target: string;
  source: string;
  use_case: string | null;
  base_model: string;
  job_id: string | null;
  dataset_hash: string | null;
  /** JSON text. */
  hyperparameters: string;
  cost_usd: number | null;
  /** JSON text of run ids. */
  eval_runs: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface ModelPromotionsTable {
  id: string;
  use_case: string;
  action: string;
  model_id: string;
  previous_model_id: string | null;
  status: string;
  route: string | null;
  canary_percent: number | null;
  /** Added by migration 0004-finetune-promotion-target. */
  gateway_target: string | null;
  /** JSON text. */
  gate: string;
  created_at: number;
}
