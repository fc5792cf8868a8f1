import { Worker } from "node:worker_threads";
import { TuneopsError } from "../spec/errors.js";
import type { GatewayStore, RequestLogRecord } from "../spec/gateway-store.js";
import { requestRowValues } from "./request-row.js";

/** Writes request logs on a worker thread; `close` waits for every write sent before it. */
export interface RequestLogWriter extends Pick<GatewayStore, "insertRequests"> {
  close(): Promise<void>;
}

/**
 * A SQLite request-log writer on its own thread with its own connection. A batch of 500 rows takes
 * SQLite several milliseconds to write synchronously; on the serving thread that would stall every
 * request in flight, here it costs the serving thread only the copy of the rows. The database must be
 * migrated already (open the gateway store first). PostgreSQL needs no thread: its writes are I/O.
 */
export async function openThreadedRequestWriter(options: { sqlitePath: string; busyTimeoutMs?: number }): Promise<RequestLogWriter> {
  const worker = new Worker(new URL("./request-log-worker.js", import.meta.url), {
    workerData: { path: options.sqlitePath, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 },
    // The thread holds a prepared statement and one batch at a time: a small heap is plenty.
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 },
  });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failed: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on("message", (message: { type: string; id?: number; error?: string }) => {
      if (message.type === "ready") {
        if (message.error === undefined) resolve();
        else reject(new TuneopsError({ code: "store_failed", message: `Cannot open the request log store: ${message.error}` }));
        return;
      }
      const entry = message.id === undefined ? undefined : waiting.get(message.id);
      if (!entry || message.id === undefined) return;
      waiting.delete(message.id);
      if (message.error === undefined) entry.resolve();
      else entry.reject(new TuneopsError({ code: "store_failed", message: `Store failed to write request logs: ${message.error}`, isRetryable: true }));
    });
    worker.on("error", (error) => {
      failed = error;
      reject(error);
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
    });
  });
  await ready;
  const send = (message: Record<string, unknown>): Promise<void> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };
  return {
    insertRequests: (rows: readonly RequestLogRecord[]) => (rows.length === 0 ? Promise.resolve() : send({ type: "insert", rows: rows.map(requestRowValues) })),
    async close() {
      try {
        await send({ type: "close" });
      } finally {
        await worker.terminate();
      }
    },
  };
}
