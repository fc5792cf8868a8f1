import { describe, expect, it } from "vitest";
import { TuneopsError } from "../spec/errors.js";
import type { ResultRecord } from "../spec/result.js";
import type { Store } from "../spec/store.js";
import { ResultWriter } from "./result-writer.js";

function result(caseIndex: number): ResultRecord {
  return {
    runId: "run",
    candidateId: "c",
    caseIndex,
    caseId: String(caseIndex),
    repeat: 0,
    output: "x",
    finishReason: "stop",
    scores: [],
    pass: null,
    score: null,
    latencyMs: 1,
    ttftMs: null,
    inputTokens: 1,
    outputTokens: 1,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    costUsd: 0,
    cached: false,
    error: null,
    retrieved: null,
    createdAt: 0,
  };
}

/** A store whose result inserts fail `failures` times with the given error, then succeed. */
function flakyStore(failures: number, error: Error): { store: Store; written: ResultRecord[]; attempts: () => number } {
  const written: ResultRecord[] = [];
  let attempts = 0;
  const store = {
    async insertResults(results: readonly ResultRecord[]) {
      attempts++;
      if (failures-- > 0) throw error;
      written.push(...results);
      return results.length;
    },
    async cachePut() {},
  } as unknown as Store;
  return { store, written, attempts: () => attempts };
}

const lost = new TuneopsError({ code: "store_failed", message: "Store failed to insert results: Connection terminated unexpectedly", isRetryable: true });

describe("ResultWriter", () => {
  it("tries a batch the store refused again, and writes it once the store is back", async () => {
    const { store, written, attempts } = flakyStore(3, lost);
    const writer = new ResultWriter(store, { batchSize: 2, flushIntervalMs: 10_000, retryDelayMs: 1 });
    for (let index = 0; index < 5; index++) writer.add(result(index));
    await writer.flush();
    expect(written.map((row) => row.caseIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(attempts()).toBe(6);
  });

  it("gives up past its retry time: reports the failure once, keeps nothing more, and flush throws", async () => {
    const { store, written } = flakyStore(Infinity, lost);
    const failures: unknown[] = [];
    const writer = new ResultWriter(store, { batchSize: 1, flushIntervalMs: 10_000, retryDelayMs: 1, retryForMs: 5, onFailure: (error) => failures.push(error) });
    writer.add(result(0));
    await expect(writer.flush()).rejects.toBe(lost);
    writer.add(result(1));
    expect(writer.pending).toBe(0);
    expect(writer.failed).toBe(true);
    expect(failures).toEqual([lost]);
    expect(written).toEqual([]);
  });

  it("does not try again an error that a retry cannot fix", async () => {
    const broken = new TuneopsError({ code: "store_failed", message: "Store failed to insert results: syntax error" });
    const { store, attempts } = flakyStore(1, broken);
    const writer = new ResultWriter(store, { batchSize: 1, flushIntervalMs: 10_000, retryDelayMs: 1 });
    writer.add(result(0));
    await expect(writer.flush()).rejects.toBe(broken);
    expect(attempts()).toBe(1);
  });
});
