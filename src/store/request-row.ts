import type { RequestLogRecord } from "../spec/gateway-store.js";
import type { RequestsTable } from "./gateway-schema.js";

/** The columns of `requests`, in the order `requestRowValues` gives their values. */
export const requestColumns = [
  "id",
  "created_at",
  "endpoint",
  "route",
  "target",
  "model",
  "status",
  "key_name",
  "stream",
  "latency_ms",
  "ttft_ms",
  "overhead_ms",
  "input_tokens",
  "output_tokens",
  "usage_breakdown",
  "cost_usd",
  "cache_hit",
  "attempts",
  "guard_actions",
  "error",
  "request_body",
  "response_body",
] as const satisfies readonly (keyof RequestsTable)[];

export function toRequestRow(record: RequestLogRecord): RequestsTable {
  return {
    id: record.id,
    created_at: record.createdAt,
    endpoint: record.endpoint,
    route: record.route,
    target: record.target,
    model: record.model,
    status: record.status,
    key_name: record.keyName,
    stream: record.stream ? 1 : 0,
    latency_ms: record.latencyMs,
    ttft_ms: record.ttftMs,
    overhead_ms: record.overheadMs,
    input_tokens: record.inputTokens,
    output_tokens: record.outputTokens,
    usage_breakdown: record.breakdown === null ? null : JSON.stringify(record.breakdown),
    cost_usd: record.costUsd,
    cache_hit: record.cacheHit ? 1 : 0,
    attempts: record.attempts,
    guard_actions: JSON.stringify(record.guardActions),
    error: record.error,
    request_body: record.requestBody,
    response_body: record.responseBody,
  };
}

/** A row's values in `requestColumns` order: a flat array copies between threads faster than an object. */
export function requestRowValues(record: RequestLogRecord): (string | number | null)[] {
  const row = toRequestRow(record);
  return requestColumns.map((column) => row[column]);
}
