import { describe, expect, it } from "vitest";
import type { RequestLogRecord } from "../spec/gateway-store.js";
import { logRow } from "../store/gateway-store.conformance.js";
import { RequestLogger } from "./request-logger.js";

function memoryStore(options: { failures?: number } = {}) {
  const batches: RequestLogRecord[][] = [];
  let failures = options.failures ?? 0;
  return {
    batches,
    async insertRequests(rows: readonly RequestLogRecord[]) {
      if (failures > 0) {
        failures--;
        throw new Error("store down");
      }
      batches.push([...rows]);
    },
  };
}

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

  it("keeps rows the store refused and writes them on the next flush", async () => {
    const store = memoryStore({ failures: 1 });
    const errors: unknown[] = [];
    const logger = new RequestLogger({ store, flushMs: 60_000, batchSize: 100, onError: (error) => errors.push(error) });
    logger.push(logRow("a"));
    await logger.flush();
    expect(errors).toHaveLength(1);
    expect(logger.pending).toBe(1);
    logger.push(logRow("b"));
    await logger.close();
    expect(store.batches.flat().map((row) => row.id)).toEqual(["a", "b"]);
  });

  it("drops the oldest rows beyond its bound while the store is down, and counts them", async () => {
    const store = memoryStore({ failures: 100 });
    let dropped = 0;
    const logger = new RequestLogger({ store, flushMs: 60_000, batchSize: 1_000, maxPending: 2, onDropped: (rows) => (dropped += rows) });
    for (const id of ["a", "b", "c"]) logger.push(logRow(id));
    await logger.flush();
    expect(dropped).toBe(1);
    expect(logger.pending).toBe(2);
  });
});
