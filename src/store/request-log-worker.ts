import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import { requestColumns } from "./request-row.js";

/**
 * The thread that writes the gateway's request logs to SQLite (see threaded-request-writer.ts). It
 * holds one prepared insert and nothing else: SQLite writes are synchronous, so they run here, off the
 * thread that serves requests, in a thread that stays small. The tables exist already (the serving
 * thread migrated the store before starting this one).
 */
type Message = { type: "insert"; id: number; rows: (string | number | null)[][] } | { type: "close"; id: number };

const port = parentPort;
if (port) {
  const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };
  let database: BetterSqlite3.Database | undefined;
  let insertMany: ((rows: (string | number | null)[][]) => void) | undefined;
  try {
    const opened = new BetterSqlite3(path);
    database = opened;
    opened.pragma("journal_mode = WAL");
    opened.pragma("synchronous = NORMAL");
    opened.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Appends touch the last pages of the table and its index: a small page cache (KiB) is enough.
    opened.pragma("cache_size = -512");
    const insert = opened.prepare(`insert into requests (${requestColumns.join(", ")}) values (${requestColumns.map(() => "?").join(", ")}) on conflict (id) do nothing`);
    insertMany = opened.transaction((rows: (string | number | null)[][]) => {
      for (const row of rows) insert.run(row);
    });
    port.postMessage({ type: "ready" });
  } catch (error) {
    port.postMessage({ type: "ready", error: error instanceof Error ? error.message : String(error) });
  }
  port.on("message", (message: Message) => {
    try {
      if (message.type === "insert") insertMany?.(message.rows);
      else database?.close();
      port.postMessage({ type: "done", id: message.id });
    } catch (error) {
      port.postMessage({ type: "done", id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
