import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunRecord, Store } from "../spec/store.js";
import { openStore } from "../store/open-store.js";
import { testStorePlaces } from "../store/testing/test-store-places.js";
import { deadRunReason, localLivenessProbe, markDeadRuns, startHeartbeat, type LivenessProbe } from "./run-liveness.js";

const places = testStorePlaces("run-liveness");

function probe(overrides: Partial<LivenessProbe> = {}): LivenessProbe {
  return { host: "box-a", isAlive: () => true, now: () => 1_000_000, staleAfterMs: 120_000, ...overrides };
}

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: "r1",
    project: "p",
    suite: "s",
    config: {},
    datasetHash: "h",
    plannedCount: 10,
    createdAt: 900_000,
    status: "running",
    endedAt: null,
    summary: null,
    owner: { host: "box-a", pid: 4242 },
    heartbeatAt: 990_000,
    ...overrides,
  };
}

describe("deadRunReason", () => {
  it("same host: dead when the pid is gone, alive while it exists, whatever the heartbeat", () => {
    expect(deadRunReason(run(), probe({ isAlive: () => false }))).toMatch(/process 4242 on box-a is gone/);
    expect(deadRunReason(run({ heartbeatAt: 0 }), probe())).toBeNull();
  });

  it("other host: dead when the heartbeat is stale", () => {
    const other = run({ owner: { host: "box-b", pid: 1 } });
    expect(deadRunReason(other, probe({ isAlive: () => false }))).toBeNull();
    expect(deadRunReason({ ...other, heartbeatAt: 800_000 }, probe())).toMatch(/no heartbeat from box-b \(pid 1\) for 200 s/);
    expect(deadRunReason({ ...other, heartbeatAt: null, createdAt: 100_000 }, probe())).toMatch(/no heartbeat/);
  });

  it("leaves finished runs and runs without an owner alone", () => {
    const dead = probe({ isAlive: () => false });
    for (const status of ["completed", "failed", "interrupted"] as const) expect(deadRunReason(run({ status }), dead)).toBeNull();
    expect(deadRunReason(run({ owner: null }), dead)).toBeNull();
  });

  it("the local probe sees this process alive and an unused pid gone", () => {
    const local = localLivenessProbe();
    expect(local.isAlive(process.pid)).toBe(true);
    expect(local.isAlive(2 ** 22 + 17)).toBe(false);
  });
});

describe("markDeadRuns", () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ sqlitePath: places.sqlitePath() });
  });
  afterEach(async () => {
    await store.close();
  });

  it("marks a dead run interrupted, keeps a live one running, and does not undo a newer heartbeat", async () => {
    const base = { project: "p", suite: "s", config: {}, datasetHash: "h", plannedCount: 1, createdAt: 900_000 };
    await store.createRun({ ...base, id: "dead", owner: { host: "box-a", pid: 11 } });
    await store.createRun({ ...base, id: "live", owner: { host: "box-a", pid: 12 } });
    await store.createRun({ ...base, id: "remote", owner: { host: "box-b", pid: 13 } });
    const listed = await store.listRuns();
    const alive = probe({ isAlive: (pid) => pid === 12, now: () => 900_000 + 130_000 });
    // The remote run beats after it was listed: the stale read must not mark it.
    await store.updateRun("remote", { heartbeatAt: 1_020_000 });
    const marked = await markDeadRuns(store, listed, alive);
    expect(Object.fromEntries(marked.map((entry) => [entry.id, entry.status]))).toEqual({ dead: "interrupted", live: "running", remote: "running" });
    expect((await store.getRun("dead"))?.status).toBe("interrupted");
    expect((await store.getRun("remote"))?.status).toBe("running");
  });

  it("the heartbeat moves the run's heartbeat forward until stopped", async () => {
    await store.createRun({ id: "r", project: "p", suite: "s", config: {}, datasetHash: "h", plannedCount: 1, createdAt: 5, owner: { host: "box-a", pid: 1 } });
    let clock = 5;
    const stop = startHeartbeat({ store, runId: "r", now: () => (clock += 10), intervalMs: 5 });
    for (let attempt = 0; attempt < 200 && ((await store.getRun("r"))?.heartbeatAt ?? 0) <= 5; attempt++) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
    expect((await store.getRun("r"))?.heartbeatAt).toBeGreaterThan(5);
  });
});
