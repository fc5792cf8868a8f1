import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isTuneopsError } from "../spec/errors.js";
import { resultKey } from "../spec/result.js";
import type { ResultRecord } from "../spec/result.js";
import type { CachedResponse, NewRun, Store } from "../spec/store.js";

/**
 * The one conformance suite every Store passes (SQLite and PostgreSQL). `create` must return a fresh,
 * migrated, empty store; the suite closes it after each test.
 */
export function describeStoreConformance(name: string, create: () => Promise<Store>): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    describe("migrations", () => {
      it("applying them again is a no-op that keeps the data", async () => {
        await store.createRun(newRun({ id: "run-1" }));
        await store.migrate();
        await store.migrate();
        expect((await store.getRun("run-1"))?.id).toBe("run-1");
      });
    });

    describe("runs", () => {
      it("creates a running run and reads it back with its config snapshot", async () => {
        const run = newRun({ id: "run-1", config: { suite: "smoke", candidates: [{ id: "gpt", temperature: 0.2 }], note: "naïve ✓ 日本" } });
        const created = await store.createRun(run);
        expect(created).toEqual({ ...run, status: "running", endedAt: null, summary: null, owner: null, heartbeatAt: null });
        expect(await store.getRun("run-1")).toEqual(created);
        expect(await store.getRun("missing")).toBeUndefined();
      });

      it("refuses a second run with the same id", async () => {
        await store.createRun(newRun({ id: "run-1" }));
        const failure = await store.createRun(newRun({ id: "run-1" })).catch((error: unknown) => error);
        expect(isTuneopsError(failure) && failure.code).toBe("store_failed");
      });

      it("lists newest first, with a limit and a project filter", async () => {
        await store.createRun(newRun({ id: "run-a", project: "alpha", createdAt: 1_700_000_000_000 }));
        await store.createRun(newRun({ id: "run-c", project: "alpha", createdAt: 1_700_000_002_000 }));
        await store.createRun(newRun({ id: "run-b", project: "beta", createdAt: 1_700_000_001_000 }));
        expect((await store.listRuns()).map((run) => run.id)).toEqual(["run-c", "run-b", "run-a"]);
        expect((await store.listRuns({ limit: 2 })).map((run) => run.id)).toEqual(["run-c", "run-b"]);
        expect((await store.listRuns({ project: "alpha" })).map((run) => run.id)).toEqual(["run-c", "run-a"]);
        expect((await store.listRuns({ project: "alpha", limit: 1 })).map((run) => run.id)).toEqual(["run-c"]);
        expect(await store.listRuns({ project: "nobody" })).toEqual([]);
      });

      it("updates status, end time and summary, leaving unpatched fields alone", async () => {
        const run = newRun({ id: "run-1" });
        await store.createRun(run);
        await store.updateRun("run-1", { status: "interrupted" });
        expect(await store.getRun("run-1")).toMatchObject({ status: "interrupted", endedAt: null, summary: null });
        const summary = { schema_version: 1, candidates: [{ id: "gpt", n: 3, mean: 0.5 }] };
        await store.updateRun("run-1", { status: "completed", endedAt: 1_700_000_009_999, summary });
        expect(await store.getRun("run-1")).toEqual({ ...run, status: "completed", endedAt: 1_700_000_009_999, summary, owner: null, heartbeatAt: null });
        await store.updateRun("run-1", { endedAt: null, summary: null });
        expect(await store.getRun("run-1")).toMatchObject({ status: "completed", endedAt: null, summary: null });
        await store.updateRun("run-1", {});
      });

      it("records the owner with a first heartbeat, and patches owner and heartbeat", async () => {
        const created = await store.createRun(newRun({ id: "run-1", owner: { host: "box-a", pid: 4242 } }));
        expect(created).toMatchObject({ owner: { host: "box-a", pid: 4242 }, heartbeatAt: 1_700_000_000_000 });
        expect(await store.getRun("run-1")).toEqual(created);
        await store.updateRun("run-1", { heartbeatAt: 1_700_000_015_000 });
        expect(await store.getRun("run-1")).toMatchObject({ owner: { host: "box-a", pid: 4242 }, heartbeatAt: 1_700_000_015_000 });
        await store.updateRun("run-1", { owner: { host: "box-b", pid: 7 }, heartbeatAt: null });
        expect(await store.getRun("run-1")).toMatchObject({ owner: { host: "box-b", pid: 7 }, heartbeatAt: null });
        await store.updateRun("run-1", { owner: null });
        expect((await store.getRun("run-1"))?.owner).toBeNull();
      });

      it("applies a conditional patch only while the run still matches it", async () => {
        await store.createRun(newRun({ id: "run-1", owner: { host: "box-a", pid: 1 } }));
        expect(await store.updateRun("run-1", { status: "interrupted" }, { status: "running", heartbeatAt: 1 })).toBe(false);
        expect((await store.getRun("run-1"))?.status).toBe("running");
        expect(await store.updateRun("run-1", { status: "interrupted" }, { status: "running", heartbeatAt: 1_700_000_000_000 })).toBe(true);
        expect(await store.updateRun("run-1", { status: "interrupted" }, { status: "running" })).toBe(false);
        expect((await store.getRun("run-1"))?.status).toBe("interrupted");
        await store.createRun(newRun({ id: "run-2" }));
        expect(await store.updateRun("run-2", { status: "failed" }, { heartbeatAt: null })).toBe(true);
        expect(await store.updateRun("run-2", { status: "completed" })).toBe(true);
      });

      it("reports an unknown run as not found", async () => {
        const failure = await store.updateRun("missing", { status: "failed" }).catch((error: unknown) => error);
        expect(isTuneopsError(failure) && failure.code).toBe("not_found");
        const emptyPatch = await store.updateRun("missing", {}).catch((error: unknown) => error);
        expect(isTuneopsError(emptyPatch) && emptyPatch.code).toBe("not_found");
      });
    });

    describe("datasets", () => {
      it("upserts idempotently on (name, hash)", async () => {
        const dataset = { name: "faq", hash: "a".repeat(64), path: "data/faq.jsonl", format: "jsonl", rowCount: 120 } as const;
        const first = await store.upsertDataset(dataset);
        expect(first).toMatchObject(dataset);
        expect(first.id.length).toBeGreaterThan(0);
        expect(Number.isInteger(first.createdAt)).toBe(true);
        const again = await store.upsertDataset(dataset);
        expect(again).toEqual(first);
        const moved = await store.upsertDataset({ ...dataset, path: "moved/faq.jsonl" });
        expect(moved).toEqual({ ...first, path: "moved/faq.jsonl" });
        const edited = await store.upsertDataset({ ...dataset, hash: "b".repeat(64), rowCount: 121 });
        expect(edited.id).not.toBe(first.id);
        expect(edited).toMatchObject({ hash: "b".repeat(64), rowCount: 121 });
      });
    });

    describe("results", () => {
      it("inserts, skips stored keys on resume and returns how many were new", async () => {
        const batch = [result({ caseIndex: 0 }), result({ caseIndex: 1 }), result({ caseIndex: 1, repeat: 1 })];
        expect(await store.insertResults(batch)).toBe(3);
        expect(await store.insertResults(batch)).toBe(0);
        expect(await store.insertResults([result({ caseIndex: 1, output: "changed" }), result({ caseIndex: 2 })])).toBe(1);
        expect(await store.countResults("run-1")).toBe(4);
        const kept = await collect(store.readResults("run-1"));
        expect(kept.find((row) => row.caseIndex === 1 && row.repeat === 0)?.output).toBe(batch[1]?.output);
        expect(await store.insertResults([])).toBe(0);
      });

      it("keeps one row for a key repeated within a batch", async () => {
        expect(await store.insertResults([result({ caseIndex: 7 }), result({ caseIndex: 7 })])).toBe(1);
        expect(await store.countResults("run-1")).toBe(1);
      });

      it("inserts a batch larger than one statement's parameter limit", async () => {
        const batch = Array.from({ length: 3_200 }, (_, index) => result({ caseIndex: index }));
        expect(await store.insertResults(batch)).toBe(3_200);
        expect(await store.insertResults(batch.slice(3_000).concat(result({ caseIndex: 3_200 })))).toBe(1);
        expect(await store.countResults("run-1")).toBe(3_201);
      });

      it("counts stored results per run", async () => {
        await store.insertResults([result({ caseIndex: 0 }), result({ caseIndex: 1 }), result({ runId: "run-2", caseIndex: 0 })]);
        expect(await store.countResultsByRun(["run-1", "run-2", "run-3"])).toEqual(new Map([["run-1", 2], ["run-2", 1]]));
        expect(await store.countResultsByRun([])).toEqual(new Map());
      });

      it("lists completed keys and counts per run", async () => {
        await store.insertResults([
          result({ candidateId: "a", caseIndex: 0 }),
          result({ candidateId: "a", caseIndex: 0, repeat: 1 }),
          result({ candidateId: "b", caseIndex: 3 }),
          result({ runId: "run-2", candidateId: "z", caseIndex: 9 }),
        ]);
        expect(await store.completedResultKeys("run-1")).toEqual(new Set([resultKey("a", 0, 0), resultKey("a", 0, 1), resultKey("b", 3, 0)]));
        expect(await store.completedResultKeys("run-2")).toEqual(new Set([resultKey("z", 9, 0)]));
        expect(await store.completedResultKeys("none")).toEqual(new Set());
        expect(await store.countResults("run-1")).toBe(3);
        expect(await store.countResults("run-2")).toBe(1);
        expect(await store.countResults("none")).toBe(0);
      });

      it("reads in (candidate, case index, repeat) order across page boundaries, with a candidate filter", async () => {
        const candidates = ["gpt-b", "Gpt-a", "gpt-a", "claude"];
        const all: ResultRecord[] = [];
        for (const candidateId of candidates) {
          for (let caseIndex = 0; caseIndex < 250; caseIndex++) {
            for (const repeat of [0, 1, 2]) all.push(result({ candidateId, caseIndex, repeat, output: `${candidateId}/${caseIndex}/${repeat}` }));
          }
        }
        all.push(result({ runId: "other-run", candidateId: "gpt-a", caseIndex: 0 }));
        // Insert out of order, in batches, as concurrent workers would.
        const shuffled = shuffle(all, 42);
        for (let start = 0; start < shuffled.length; start += 500) await store.insertResults(shuffled.slice(start, start + 500));

        const expected = all.filter((row) => row.runId === "run-1").sort(compareKeys);
        const read = await collect(store.readResults("run-1"));
        expect(read.length).toBe(3_000);
        expect(read.map((row) => row.output)).toEqual(expected.map((row) => row.output));

        const onlyGptA = await collect(store.readResults("run-1", { candidateId: "gpt-a" }));
        expect(onlyGptA.length).toBe(750);
        expect(onlyGptA.every((row) => row.candidateId === "gpt-a")).toBe(true);
        expect(onlyGptA.map((row) => row.output)).toEqual(expected.filter((row) => row.candidateId === "gpt-a").map((row) => row.output));
        expect(await collect(store.readResults("run-1", { candidateId: "nobody" }))).toEqual([]);
        expect(await collect(store.readResults("no-run"))).toEqual([]);
      });

      it("round-trips every field: full, failed (nulls and error) and unicode", async () => {
        const full = result({
          caseIndex: 0,
          caseId: "case-α",
          output: "Bonjour 👋 — 你好, \"quotes\", back\\slash,\nnew line\ttab",
          finishReason: "length",
          scores: [
            { name: "contains", score: 1, pass: true, weight: 1 },
            { name: "judge", score: 0.625, pass: false, weight: 2.5, reason: "missing détail" },
            { name: "regex", score: null, pass: false, weight: 1, error: { code: "scorer_failed", message: "bad pattern", retryable: false } },
          ],
          pass: false,
          score: 0.6875,
          latencyMs: 1234.5678,
          ttftMs: 87.25,
          inputTokens: 1200,
          outputTokens: 350,
          cacheReadTokens: 1000,
          cacheWriteTokens: 100,
          reasoningTokens: 200,
          costUsd: 0.000123456789,
          cached: true,
          retrieved: [
            { source: "docs/faq.md", text: "Passage ünïcödé", score: 12.75 },
            { source: "row:3", text: "no score" },
          ],
          createdAt: 1_700_000_123_456,
        });
        const failed = result({
          caseIndex: 1,
          output: null,
          finishReason: null,
          scores: [],
          pass: null,
          score: null,
          latencyMs: null,
          ttftMs: null,
          inputTokens: null,
          outputTokens: null,
          cacheReadTokens: null,
          cacheWriteTokens: null,
          reasoningTokens: null,
          costUsd: null,
          cached: false,
          error: { code: "provider_rate_limited", message: "429 Too Many Requests", retryable: true, status: 429 },
          retrieved: null,
        });
        const empty = result({ caseIndex: 2, output: "", retrieved: [], score: 0, pass: false, costUsd: 0, latencyMs: 0 });
        const versioned = result({ caseIndex: 3, modelVersion: "gpt-4o-2024-08-06 fp_7f6be3efb0" });
        await store.insertResults([full, failed, empty, versioned]);
        expect(await collect(store.readResults("run-1"))).toEqual([full, failed, empty, versioned]);
      });
    });

    describe("response cache", () => {
      it("misses, stores, reads and overwrites", async () => {
        expect(await store.cacheGet("k1")).toBeUndefined();
        const first = cached({ text: "first ✓" });
        const withTools = cached({
          text: "",
          finishReason: "tool-calls",
          toolCalls: [{ id: "call_1", name: "lookup", arguments: '{"q":"x"}' }],
          usage: { inputTokens: 30, outputTokens: 12, breakdown: { cacheReadTokens: 20, reasoningTokens: 4 } },
          ttftMs: 40,
        });
        await store.cachePut([
          { key: "k1", value: first },
          { key: "k2", value: withTools },
        ]);
        expect(await store.cacheGet("k1")).toEqual(first);
        expect(await store.cacheGet("k2")).toEqual(withTools);
        const second = cached({ text: "second", createdAt: 1_700_000_999_000 });
        await store.cachePut([{ key: "k1", value: second }]);
        expect(await store.cacheGet("k1")).toEqual(second);
        await store.cachePut([]);
      });

      it("keeps each entry's provider, model and model version, and reports and clears by them", async () => {
        const day = 86_400_000;
        await store.cachePut([
          { key: "a1", value: cached({ text: "one", provider: "gpt", model: "gpt-4o", modelVersion: "fp_old", createdAt: 10 * day }) },
          { key: "a2", value: cached({ text: "two", provider: "gpt", model: "gpt-4o", modelVersion: "fp_new", createdAt: 12 * day }) },
          { key: "b1", value: cached({ text: "three ✓", provider: "local", model: "llama", createdAt: 11 * day }) },
          { key: "legacy", value: cached({ text: "four", createdAt: 1 * day }) },
        ]);
        expect((await store.cacheGet("a2"))?.modelVersion).toBe("fp_new");
        const stats = await store.cacheStats();
        expect(stats.map(({ provider, model, entries, oldest, newest, modelVersions }) => ({ provider, model, entries, oldest, newest, modelVersions }))).toEqual([
          { provider: null, model: null, entries: 1, oldest: 1 * day, newest: 1 * day, modelVersions: [] },
          { provider: "gpt", model: "gpt-4o", entries: 2, oldest: 10 * day, newest: 12 * day, modelVersions: ["fp_new", "fp_old"] },
          { provider: "local", model: "llama", entries: 1, oldest: 11 * day, newest: 11 * day, modelVersions: [] },
        ]);
        const local = stats.find((row) => row.provider === "local")!;
        expect(local.bytes).toBe(Buffer.byteLength(JSON.stringify(cached({ text: "three ✓", provider: "local", model: "llama", createdAt: 11 * day }))));
        expect(await store.cacheStats({ provider: "gpt", createdBefore: 11 * day })).toMatchObject([{ provider: "gpt", entries: 1, modelVersions: ["fp_old"] }]);
        expect(await store.cacheStats({ model: "nothing" })).toEqual([]);

        expect(await store.cacheClear({ provider: "gpt", createdBefore: 11 * day })).toBe(1);
        expect(await store.cacheGet("a1")).toBeUndefined();
        expect(await store.cacheGet("a2")).toBeDefined();
        expect(await store.cacheClear({ model: "llama" })).toBe(1);
        expect(await store.cacheClear()).toBe(2);
        expect(await store.cacheStats()).toEqual([]);
      });

      it("overwrites an entry's provider, model and version with the entry", async () => {
        await store.cachePut([{ key: "k", value: cached({ provider: "gpt", model: "gpt-4o", modelVersion: "fp_old" }) }]);
        await store.cachePut([{ key: "k", value: cached({ provider: "gpt", model: "gpt-4o", modelVersion: "fp_new", createdAt: 1_700_000_100_000 }) }]);
        expect(await store.cacheStats()).toMatchObject([{ entries: 1, modelVersions: ["fp_new"], newest: 1_700_000_100_000 }]);
      });

      it("keeps the last value when a batch repeats a key", async () => {
        await store.cachePut([
          { key: "k", value: cached({ text: "old" }) },
          { key: "k", value: cached({ text: "new" }) },
        ]);
        expect((await store.cacheGet("k"))?.text).toBe("new");
      });
    });
  });
}

function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    id: "run-1",
    project: "demo",
    suite: "smoke",
    config: { candidates: ["gpt"], repeats: 1 },
    datasetHash: "f".repeat(64),
    plannedCount: 10,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

function result(overrides: Partial<ResultRecord> = {}): ResultRecord {
  const caseIndex = overrides.caseIndex ?? 0;
  return {
    runId: "run-1",
    candidateId: "gpt",
    caseIndex,
    caseId: `case-${caseIndex}`,
    repeat: 0,
    output: `answer ${caseIndex}`,
    finishReason: "stop",
    scores: [{ name: "contains", score: 1, pass: true, weight: 1 }],
    pass: true,
    score: 1,
    latencyMs: 250,
    ttftMs: null,
    inputTokens: 40,
    outputTokens: 12,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    costUsd: 0.00002,
    cached: false,
    error: null,
    retrieved: null,
    createdAt: 1_700_000_000_500,
    ...overrides,
  };
}

function cached(overrides: Partial<CachedResponse> = {}): CachedResponse {
  return {
    text: "hello",
    finishReason: "stop",
    usage: { inputTokens: 10, outputTokens: 2, breakdown: {} },
    latencyMs: 321,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

async function collect(rows: AsyncIterable<ResultRecord>): Promise<ResultRecord[]> {
  const collected: ResultRecord[] = [];
  for await (const row of rows) collected.push(row);
  return collected;
}

/** Byte order of the candidate id (code-unit order for these ASCII ids), then case index, then repeat. */
function compareKeys(a: ResultRecord, b: ResultRecord): number {
  if (a.candidateId !== b.candidateId) return a.candidateId < b.candidateId ? -1 : 1;
  return a.caseIndex - b.caseIndex || a.repeat - b.repeat;
}

/** Deterministic Fisher-Yates shuffle (mulberry32), so a failure reproduces. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}
