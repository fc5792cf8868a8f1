import { describe, expect, it } from "vitest";
import type { RequestLogRecord } from "../spec/gateway-store.js";
import { logRow } from "../store/gateway-store.conformance.js";
import { logRowBytes, LogQueue } from "./log-queue.js";
import { RequestLogger } from "./request-logger.js";

function memoryStore(options: { failures?: number } = {}) {
  const batches: RequestLogRecord[][] = [];
  let failures = options.failures ?? 0;
  let attempts = 0;
  return {
    batches,
    attempts: () => attempts,
    heal: () => (failures = 0),
    async insertRequests(rows: readonly RequestLogRecord[]) {
      attempts++;
      if (failures > 0) {
        failures--;
        throw new Error("database is locked");
      }
      batches.push([...rows]);
    },
  };
}

const withBody = (id: string, bytes: number): RequestLogRecord => ({ ...logRow(id), requestBody: "q".repeat(bytes), responseBody: "a".repeat(bytes) });

describe("LogQueue", () => {
  it("sheds the oldest rows' bodies first, then the oldest rows, to stay within its bytes", () => {
    const rowBytes = logRowBytes(withBody("x", 5_000));
    const bare = logRowBytes({ ...withBody("x", 5_000), requestBody: null, responseBody: null });
    const queue = new LogQueue({ maxRows: 100, maxBytes: 3 * rowBytes + 1_000 });
    for (const id of ["a", "b", "c"]) expect(queue.push(withBody(id, 5_000))).toEqual({ bodies: 0, rows: 0 });
    expect(queue.push(withBody("d", 5_000))).toEqual({ bodies: 1, rows: 0 });
    const taken = queue.take({ maxRows: 10, maxBytes: Infinity });
    expect(taken.map((row) => [row.id, row.requestBody === null])).toEqual([["a", true], ["b", false], ["c", false], ["d", false]]);
    // Rows alone beyond the bound: bodies can no longer help, the oldest rows go.
    const small = new LogQueue({ maxRows: 100, maxBytes: 2 * bare });
    for (const id of ["a", "b", "c"]) small.push({ ...logRow(id), requestBody: null, responseBody: null });
    expect(small.rows).toBe(2);
    expect(small.take({ maxRows: 10, maxBytes: Infinity }).map((row) => row.id)).toEqual(["b", "c"]);
  });

  it("drops the oldest rows beyond its row bound, and takes batches bounded in rows and bytes", () => {
    const queue = new LogQueue({ maxRows: 3, maxBytes: Infinity });
    const shed = ["a", "b", "c", "d"].map((id) => queue.push(withBody(id, 500)));
    expect(shed.at(-1)).toEqual({ bodies: 0, rows: 1 });
    const one = logRowBytes(withBody("b", 500));
    expect(queue.take({ maxRows: 10, maxBytes: 2 * one }).map((row) => row.id)).toEqual(["b", "c"]);
    expect(queue.take({ maxRows: 10, maxBytes: 1 }).map((row) => row.id)).toEqual(["d"]);
    expect(queue.bytes).toBe(0);
  });
});

describe("RequestLogger", () => {
  it("writes a full batch at once and the rest on close", async () => {
    const store = memoryStore();
    const logger = new RequestLogger({ store, flushMs: 60_000, batchSize: 3 });
    for (let index = 0; index < 7; index++) logger.push(logRow(`r${index}`));
    await logger.close();
    expect(store.batches.flat().map((row) => row.id)).toEqual(["r0", "r1", "r2", "r3", "r4", "r5", "r6"]);
    expect(store.batches[0]).toHaveLength(3);
    expect(logger.written).toBe(7);
  });

  it("writes batches bounded by bytes", async () => {
    const store = memoryStore();
    const logger = new RequestLogger({ store, flushMs: 60_000, batchSize: 1_000, batchBytes: 2 * logRowBytes(withBody("r0", 10_000)) });
    for (let index = 0; index < 5; index++) logger.push(withBody(`r${index}`, 10_000));
    await logger.close();
    expect(store.batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
  });

  it("keeps rows the store refused, tries again after a backoff that grows, and reports one line per interval", async () => {
    const store = memoryStore({ failures: 3 });
    const reports: string[] = [];
    const failed: number[] = [];
    let clock = 0;
    const logger = new RequestLogger({ store, flushMs: 60_000, batchSize: 2, retryMs: 1, retryMaxMs: 4, reportEveryMs: 1_000, now: () => clock, onReport: (line) => reports.push(line), onWriteFailed: (_error, rows) => failed.push(rows) });
    logger.push(logRow("a"));
    logger.push(logRow("b"));
    // The full batch is written at once and refused; pushes during the backoff do not write again.
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.attempts()).toBe(1);
    for (const id of ["c", "d", "e"]) logger.push(logRow(id));
    expect(store.attempts()).toBe(1);
    expect(logger.pending).toBe(5);
    // The retries come from the backoff timer, not from the pushes.
    for (let tries = 0; tries < 200 && store.batches.length < 2; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
    await logger.close();
    expect(failed).toEqual([2, 2, 2]);
    expect(store.batches.flat().map((row) => row.id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain("the store refuses writes");
    expect(reports[0]).toContain("database is locked");
    expect(reports[1]).toContain("accepts writes again");
  });

  it("drops bodies and then rows past its bounds while the store is down, and counts both", async () => {
    const store = memoryStore({ failures: Infinity });
    let droppedRows = 0;
    let droppedBodies = 0;
    const rowBytes = logRowBytes(withBody("a", 1_000));
    const logger = new RequestLogger({ store, flushMs: 60_000, batchSize: 1_000, maxPendingRows: 4, maxPendingBytes: 3 * rowBytes, onDropped: (rows) => (droppedRows += rows), onBodiesDropped: (rows) => (droppedBodies += rows) });
    for (const id of ["a", "b", "c", "d", "e", "f"]) logger.push(withBody(id, 1_000));
    expect(logger.pending).toBe(4);
    expect(logger.pendingBytes).toBeLessThanOrEqual(3 * rowBytes);
    expect(droppedBodies).toBeGreaterThan(0);
    expect(droppedRows).toBe(2);
    await logger.close({ deadline: Date.now() });
    expect(droppedRows).toBe(6);
  });

  it("gives up at the close deadline on a store that never answers, counting the rows as dropped", async () => {
    let dropped = 0;
    const reports: string[] = [];
    const logger = new RequestLogger({ store: { insertRequests: () => new Promise<void>(() => undefined) }, flushMs: 60_000, batchSize: 2, onDropped: (rows) => (dropped += rows), onReport: (line) => reports.push(line) });
    for (const id of ["a", "b", "c"]) logger.push(logRow(id));
    await logger.close({ deadline: Date.now() + 20 });
    expect(dropped).toBe(3);
    expect(reports.at(-1)).toContain("3 row(s) could not be written before shutdown");
  });
});
