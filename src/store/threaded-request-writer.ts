import { Worker } from "node:worker_threads";
import { TuneopsError } from "../spec/errors.js";
import type { GatewayStore, RequestLogRecord } from "../spec/gateway-store.js";
import { requestRowValues } from "./request-row.js";

/** Writes request logs on a worker thread; `close` waits for every write sent before it (a few seconds at most). */
export interface RequestLogWriter extends Pick<GatewayStore, "insertRequests"> {
  close(): Promise<void>;
}

export interface ThreadedRequestWriterOptions {
  sqlitePath: string;
  /** How long one write waits for another connection's lock before it fails (and is tried again later), ms. */
  busyTimeoutMs?: number;
}

/** Most time `close` waits for the thread to finish its write and close the file before ending it, ms. */
const closeWaitMs = 2_000;

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  waiting: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
  dead: boolean;
}

/**
 * A SQLite request-log writer on its own thread with its own connection. A batch of 500 rows takes
 * SQLite several milliseconds to write synchronously; on the serving thread that would stall every
 * request in flight, here it costs the serving thread only the copy of the rows. A write that waits on
 * a lock (busy timeout) or fails on a full disk blocks or fails only this thread; the caller (the
 * gateway's RequestLogger) sends one byte-bounded batch at a time and tries failed ones again later.
 * A thread that dies (out of memory, a crash in the driver) is replaced on the next write. The database
 * must be migrated already (open the gateway store first). PostgreSQL needs no thread: its writes are I/O.
 */
export async function openThreadedRequestWriter(options: ThreadedRequestWriterOptions): Promise<RequestLogWriter> {
  let nextId = 0;
  let thread = startThread(options);
  await thread.ready;
  const send = async (message: Record<string, unknown>): Promise<void> => {
    if (thread.dead) thread = startThread(options);
    const current = thread;
    await current.ready;
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      current.waiting.set(id, { resolve, reject });
      current.worker.postMessage({ ...message, id });
    });
  };
  return {
    insertRequests: (rows: readonly RequestLogRecord[]) => (rows.length === 0 ? Promise.resolve() : send({ type: "insert", rows: rows.map(requestRowValues) })),
    async close() {
      if (thread.dead) return;
      const current = thread;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([send({ type: "close" }), new Promise<void>((resolve) => (timer = setTimeout(resolve, closeWaitMs)))]);
      } catch {
        // The thread is ended below either way.
      } finally {
        clearTimeout(timer);
        current.dead = true;
        await current.worker.terminate();
      }
    },
  };
}

function startThread(options: ThreadedRequestWriterOptions): Thread {
  const worker = new Worker(new URL("./request-log-worker.js", import.meta.url), {
    workerData: { path: options.sqlitePath, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 },
    // The thread holds a prepared statement and one batch at a time (RequestLogger bounds a batch's
    // bytes, 2 MB by default, which the structured copy about doubles): 64 MB of heap leave ample room.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  const waiting: Thread["waiting"] = new Map();
  const thread: Thread = { worker, waiting, dead: false, ready: Promise.resolve() };
  const failAll = (error: Error): void => {
    thread.dead = true;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  thread.ready = new Promise<void>((resolve, reject) => {
    worker.on("message", (message: { type: string; id?: number; error?: string }) => {
      if (message.type === "ready") {
        if (message.error === undefined) resolve();
        else {
          thread.dead = true;
          reject(new TuneopsError({ code: "store_failed", message: `Cannot open the request log store: ${message.error}`, isRetryable: true }));
        }
        return;
      }
      const entry = message.id === undefined ? undefined : waiting.get(message.id);
      if (!entry || message.id === undefined) return;
      waiting.delete(message.id);
      if (message.error === undefined) entry.resolve();
      else entry.reject(new TuneopsError({ code: "store_failed", message: `Store failed to write request logs: ${message.error}`, isRetryable: true }));
    });
    worker.on("error", (error) => {
      const failure = new TuneopsError({ code: "store_failed", message: `The request log thread failed: ${error.message}`, isRetryable: true, cause: error });
      reject(failure);
      failAll(failure);
    });
    worker.on("exit", (code) => {
      reject(new TuneopsError({ code: "store_failed", message: `The request log thread exited (${code})`, isRetryable: true }));
      failAll(new TuneopsError({ code: "store_failed", message: `The request log thread exited (${code}) before the write finished`, isRetryable: true }));
    });
  });
  // A failed start is reported to the write that waits for it; nothing else may see it unhandled.
  thread.ready.catch(() => undefined);
  return thread;
}
