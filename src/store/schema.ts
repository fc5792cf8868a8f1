import type { BattlesTable } from "./arena-schema.js";
import type { FineTuneTables } from "./finetune-schema.js";
import type { FeedbackTable, RequestsTable, VirtualKeysTable } from "./gateway-schema.js";

/**
 * Table types of the store, as Kysely sees them. Column names are snake_case (SQL); the store maps
 * rows to the camelCase records of src/spec/store.ts. JSON columns hold compact JSON text, booleans are
 * 0/1 integers and epoch times are integer milliseconds (Postgres `bigint`, parsed back to numbers), so
 * one mapping serves both dialects.
 */
export interface Database extends FineTuneTables {
  projects: ProjectsTable;
  datasets: DatasetsTable;
  runs: RunsTable;
  results: ResultsTable;
  response_cache: ResponseCacheTable;
  battles: BattlesTable;
  requests: RequestsTable;
  feedback: FeedbackTable;
  virtual_keys: VirtualKeysTable;
}

export interface ProjectsTable {
  name: string;
  /** Epoch ms. */
  created_at: number;
}

export interface DatasetsTable {
  id: string;
  name: string;
  /** sha256 of the file's bytes, hex. */
  hash: string;
  path: string;
  format: string;
  row_count: number;
  /** Epoch ms. */
  created_at: number;
}

export interface RunsTable {
  id: string;
  project: string;
  suite: string;
  status: string;
  /** JSON text. */
  config: string;
  dataset_hash: string;
  planned_count: number;
  /** Epoch ms. */
  created_at: number;
  /** Epoch ms. */
  ended_at: number | null;
  /** JSON text, null until the summary is computed. */
  summary: string | null;
  /** Host name of the process executing the run; null for runs stored before it was recorded. */
  host: string | null;
  pid: number | null;
  /** Epoch ms of the owner's last heartbeat. */
  heartbeat_at: number | null;
}

/** Primary key: (run_id, candidate_id, case_index, repeat); no other index, to keep writes lean. */
export interface ResultsTable {
  run_id: string;
  candidate_id: string;
  case_index: number;
  case_id: string;
  repeat: number;
  output: string | null;
  finish_reason: string | null;
  /** JSON text of ScoreRecord[]. */
  scores: string;
  /** 0/1, null when the call failed. */
  pass: number | null;
  score: number | null;
  latency_ms: number | null;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  cost_usd: number | null;
  /** 0/1. */
  cached: number;
  /** JSON text of ErrorData, or null. */
  error: string | null;
  /** JSON text of RetrievedPassage[], or null. */
  retrieved: string | null;
  /** Epoch ms. */
  created_at: number;
  /** The model version the upstream reported for the answer; null when it reported none. */
  model_version: string | null;
}

export interface ResponseCacheTable {
  key: string;
  /** JSON text of CachedResponse. */
  value: string;
  /** Epoch ms. */
  created_at: number;
  /** The provider name (under `providers`) that wrote the entry; null for entries written before it was kept. */
  provider: string | null;
  model: string | null;
  model_version: string | null;
}

export type StoreDialect = "sqlite" | "postgres";
