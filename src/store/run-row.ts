import type { DatasetRecord, NewRun, RunRecord, RunStatus } from "../spec/store.js";
import type { DatasetsTable, RunsTable } from "./schema.js";

/** JSON text of any value; `undefined` is stored as JSON null. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

export function toRunRow(run: NewRun): RunsTable {
  return {
    id: run.id,
    project: run.project,
    suite: run.suite,
    status: "running",
    config: toJsonText(run.config),
    dataset_hash: run.datasetHash,
    planned_count: run.plannedCount,
    created_at: run.createdAt,
    ended_at: null,
    summary: null,
    host: run.owner?.host ?? null,
    pid: run.owner?.pid ?? null,
    heartbeat_at: run.owner ? run.createdAt : null,
  };
}

export function fromRunRow(row: RunsTable): RunRecord {
  return {
    id: row.id,
    project: row.project,
    suite: row.suite,
    status: row.status as RunStatus,
    config: JSON.parse(row.config) as unknown,
    datasetHash: row.dataset_hash,
    plannedCount: row.planned_count,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as unknown),
    owner: row.host === null || row.pid === null ? null : { host: row.host, pid: Number(row.pid) },
    heartbeatAt: row.heartbeat_at === null ? null : Number(row.heartbeat_at),
  };
}

export function fromDatasetRow(row: DatasetsTable): DatasetRecord {
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    path: row.path,
    format: row.format as DatasetRecord["format"],
    rowCount: row.row_count,
    createdAt: row.created_at,
  };
}
