import type { FinishReason, ToolCall } from "./language-model.js";
import type { ResultRecord } from "./result.js";
import type { Usage } from "./usage.js";

/**
 * The store port: what engines need from persistence. Implemented once over Kysely for SQLite and
 * PostgreSQL (src/store); engines never see a dialect.
 */
export interface Store {
  readonly dialect: "sqlite" | "postgres";
  /** Applies pending migrations; idempotent. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  upsertDataset(dataset: NewDataset): Promise<DatasetRecord>;

  createRun(run: NewRun): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(options?: { limit?: number; project?: string }): Promise<RunRecord[]>;
  updateRun(id: string, patch: RunPatch): Promise<void>;

  /**
   * Writes results in one transaction. A result whose (run, candidate, case index, repeat) is already
   * stored is skipped, so a resumed run never duplicates. Returns how many were inserted.
   */
  insertResults(results: readonly ResultRecord[]): Promise<number>;
  /** Keys (`resultKey`) of the results stored for a run. */
  completedResultKeys(runId: string): Promise<Set<string>>;
  countResults(runId: string): Promise<number>;
  /** Streams a run's results ordered by candidate, case index, repeat; bounded memory. */
  readResults(runId: string, options?: { candidateId?: string }): AsyncIterable<ResultRecord>;

  /** Content-addressed response cache. */
  cacheGet(key: string): Promise<CachedResponse | undefined>;
  cachePut(entries: readonly { key: string; value: CachedResponse }[]): Promise<void>;
}

export interface NewDataset {
  name: string;
  /** sha256 of the file's bytes, hex. */
  hash: string;
  path: string;
  format: "jsonl" | "csv" | "yaml" | "json";
  rowCount: number;
}

export interface DatasetRecord extends NewDataset {
  id: string;
  /** Epoch ms. */
  createdAt: number;
}

export type RunStatus = "running" | "completed" | "failed" | "interrupted";

export interface NewRun {
  /** Chosen by the caller (sortable, unique). */
  id: string;
  project: string;
  suite: string;
  /** Snapshot of the resolved configuration the run was planned from (JSON-serialisable). */
  config: unknown;
  datasetHash: string;
  /** Number of (candidate, case, repeat) results the plan holds. */
  plannedCount: number;
  /** Epoch ms. */
  createdAt: number;
}

export interface RunRecord extends NewRun {
  status: RunStatus;
  /** Epoch ms. */
  endedAt: number | null;
  /** The run summary (see spec/run-summary.ts) once computed. */
  summary: unknown;
}

export interface RunPatch {
  status?: RunStatus;
  endedAt?: number | null;
  summary?: unknown;
}

export interface CachedResponse {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  toolCalls?: ToolCall[];
  /** Latency of the original call, ms (the cached result reports it, flagged as cached). */
  latencyMs: number;
  ttftMs?: number;
  /** Epoch ms. */
  createdAt: number;
}
