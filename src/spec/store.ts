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
  /**
   * Patches a run. With a condition, the patch applies only while the run still matches it (its
   * status and heartbeat as last read), so two processes that both notice a dead run, or both resume
   * it, cannot both win. Returns whether the run was patched; throws `not_found` for an unknown run.
   */
  updateRun(id: string, patch: RunPatch, condition?: RunCondition): Promise<boolean>;

  /**
   * Writes results in one transaction. A result whose (run, candidate, case index, repeat) is already
   * stored is skipped, so a resumed run never duplicates. Returns how many were inserted.
   */
  insertResults(results: readonly ResultRecord[]): Promise<number>;
  /** Keys (`resultKey`) of the results stored for a run. */
  completedResultKeys(runId: string): Promise<Set<string>>;
  countResults(runId: string): Promise<number>;
  /** Results stored per run, for the runs given (runs without results are absent). */
  countResultsByRun(runIds: readonly string[]): Promise<Map<string, number>>;
  /** Streams a run's results ordered by candidate, case index, repeat; bounded memory. */
  readResults(runId: string, options?: { candidateId?: string }): AsyncIterable<ResultRecord>;

  /** Content-addressed response cache. */
  cacheGet(key: string): Promise<CachedResponse | undefined>;
  /** Writes entries, overwriting those with the same key. */
  cachePut(entries: readonly { key: string; value: CachedResponse }[]): Promise<void>;
  /** Entries, bytes and ages per provider and model, of the entries the filter selects. */
  cacheStats(filter?: CacheFilter): Promise<CacheStatsRow[]>;
  /** Deletes the entries the filter selects (every entry without one); returns how many. */
  cacheClear(filter?: CacheFilter): Promise<number>;
}

/** Selects response cache entries; every given field must match. */
export interface CacheFilter {
  /** The provider name under `providers` that wrote the entry. */
  provider?: string;
  /** The model id as configured. */
  model?: string;
  /** Only entries written before this time, epoch ms. */
  createdBefore?: number;
}

export interface CacheStatsRow {
  /** Null for entries written before tuneops kept it. */
  provider: string | null;
  model: string | null;
  entries: number;
  /** Bytes of the stored answers (JSON text). */
  bytes: number;
  /** Epoch ms. */
  oldest: number;
  newest: number;
  /** Distinct model versions the upstream reported, newest entry's first. */
  modelVersions: string[];
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
  /** The process that executes the run; its heartbeat starts at `createdAt`. */
  owner?: RunOwner;
}

/** The process executing a run, so another process can tell when it died. */
export interface RunOwner {
  /** The machine's host name. */
  host: string;
  pid: number;
}

export interface RunRecord extends Omit<NewRun, "owner"> {
  status: RunStatus;
  /** Epoch ms. */
  endedAt: number | null;
  /** The run summary (see spec/run-summary.ts) once computed. */
  summary: unknown;
  /** The process that last executed the run; null for runs stored before owners were recorded. */
  owner: RunOwner | null;
  /** When the owner last said it was alive, epoch ms; null when never. */
  heartbeatAt: number | null;
}

export interface RunPatch {
  status?: RunStatus;
  endedAt?: number | null;
  summary?: unknown;
  owner?: RunOwner | null;
  /** Epoch ms. */
  heartbeatAt?: number | null;
}

/** What a run must still be for a conditional `updateRun` to apply. */
export interface RunCondition {
  status?: RunStatus;
  /** The heartbeat as last read (null: none recorded). */
  heartbeatAt?: number | null;
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
  /** The provider name (under `providers`) whose call wrote the entry. */
  provider?: string;
  /** The model id as configured. */
  model?: string;
  /** The model version the upstream reported (`system_fingerprint`, a dated model id). */
  modelVersion?: string;
}
