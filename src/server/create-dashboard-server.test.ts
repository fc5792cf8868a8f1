import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { arenaFixture } from "../arena/testing/arena-fixtures.js";
import type { BattleRecord } from "../spec/arena-store.js";
import type { Store } from "../spec/store.js";
import { arenaStoreOf } from "../store/arena-store.js";
import { createDashboardServer, defaultVotingRuns } from "./create-dashboard-server.js";

let store: Store | undefined;
let server: Server | undefined;
afterEach(async () => {
  cookies.clear();
  if (server) await new Promise((done) => server!.close(done));
  await store?.close();
  server = undefined;
  store = undefined;
});

async function start(runs?: string[]): Promise<string> {
  ({ store } = await arenaFixture({ cases: 3, runs: { "run-1": { secret_model_x: (index) => `x says ${index}`, secret_model_y: (index) => `y says ${index}` } } }));
  server = createDashboardServer({ store, arena: arenaStoreOf(store), ...(runs ? { runs } : {}), now: () => 7 });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Next {
  runs: string[];
  pair: { token: string; case: string; left: string; right: string } | null;
  progress: { done: number; total: number; skipped: number };
}

/** Each test client keeps its session cookie, as a browser does. */
const cookies = new Map<string, string>();

async function send(url: string, init: RequestInit = {}, client = "a"): Promise<Response> {
  const cookie = cookies.get(client);
  const response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) } });
  const set = response.headers.get("set-cookie");
  if (set) cookies.set(client, set.split(";")[0] ?? "");
  return response;
}

async function next(base: string, voter = "ann", client = "a"): Promise<Next> {
  const response = await send(`${base}/api/arena/next?voter=${voter}`, {}, client);
  expect(response.status).toBe(200);
  return (await response.json()) as Next;
}

function post(base: string, path: string, body: unknown, client = "a"): Promise<Response> {
  return send(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }, client);
}

describe("dashboard server: arena voting", () => {
  it("serves blind pairs, stores each vote with the side shown first, and counts progress per voter", async () => {
    const base = await start();
    const page = await fetch(`${base}/arena`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Which answer is better?");

    const first = await next(base);
    expect(first.runs).toEqual(["run-1"]);
    expect(first.progress).toEqual({ done: 0, total: 3, skipped: 0 });
    expect(JSON.stringify(first)).not.toContain("secret_model");
    expect(first.pair!.case).toMatch(/input: Question \d\?/);
    expect((await post(base, "/api/arena/votes", { token: first.pair!.token, choice: "left" })).status).toBe(201);
    // A token is good for one vote.
    expect((await post(base, "/api/arena/votes", { token: first.pair!.token, choice: "left" })).status).toBe(404);

    const second = await next(base);
    expect(second.progress.done).toBe(1);
    expect((await post(base, "/api/arena/skip", { token: second.pair!.token })).status).toBe(200);
    const third = await next(base);
    expect(third.progress).toMatchObject({ done: 1, skipped: 1 });
    await post(base, "/api/arena/votes", { token: third.pair!.token, choice: "tie" });
    // Only the skipped pair is left: it comes back.
    const fourth = await next(base);
    expect(fourth.pair).not.toBeNull();
    await post(base, "/api/arena/votes", { token: fourth.pair!.token, choice: "right" });
    expect(await next(base)).toMatchObject({ pair: null, progress: { done: 3, total: 3 } });
    expect((await next(base, "bob")).progress.done).toBe(0);

    const battles: BattleRecord[] = [];
    for await (const battle of arenaStoreOf(store!).readBattles()) battles.push(battle);
    expect(battles).toHaveLength(3);
    const [vote] = battles;
    expect(vote).toMatchObject({ source: "human", judge: "ann", runA: "run-1", runB: "run-1", createdAt: 7 });
    const leftModel = vote!.shownFirst === "a" ? vote!.modelA : vote!.modelB;
    const winnerModel = vote!.winner === "a" ? vote!.modelA : vote!.modelB;
    expect(winnerModel).toBe(leftModel);
    // The left output shown was the winner's output.
    expect(first.pair!.left).toContain(winnerModel === "secret_model_x" ? "x says" : "y says");
    expect(battles.map((battle) => battle.winner)).toContain("tie");
  });

  it("answers bad requests with a clear 400 or 404", async () => {
    const base = await start();
    const bad = await post(base, "/api/arena/votes", { token: "t", choice: "maybe" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("choice");
    expect((await post(base, "/api/arena/votes", "{nope")).status).toBe(400);
    expect((await post(base, "/api/arena/votes", { token: "nope", choice: "tie" })).status).toBe(404);
    expect((await fetch(`${base}/api/arena/next?voter=`)).status).toBe(400);
    expect((await fetch(`${base}/api/arena/next?voter=a&run=missing`)).status).toBe(404);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });

  it("defaults to the newest completed run with two or more candidates", async () => {
    await start();
    expect(await defaultVotingRuns(store!)).toEqual(["run-1"]);
    // A newer run with one candidate, and a newer one with two that has not finished: neither is the default.
    await store!.createRun({ id: "run-2", project: "p", suite: "qa", config: { candidateIds: ["only"] }, datasetHash: "h", plannedCount: 0, createdAt: 1_800_000_000_000 });
    await store!.updateRun("run-2", { status: "completed", endedAt: 1_800_000_000_001 });
    await store!.createRun({ id: "run-3", project: "p", suite: "qa", config: { candidateIds: ["x", "y"] }, datasetHash: "h", plannedCount: 0, createdAt: 1_800_000_000_002 });
    expect(await defaultVotingRuns(store!)).toEqual(["run-1"]);
    await store!.updateRun("run-3", { status: "interrupted" });
    expect(await defaultVotingRuns(store!)).toEqual(["run-1"]);
  });

  it("without a completed run of two candidates, offers the newest two completed runs of a suite", async () => {
    ({ store } = await arenaFixture({ cases: 1, runs: { "run-1": { x: () => "a" }, "run-2": { y: () => "b" } } }));
    expect(await defaultVotingRuns(store)).toEqual(["run-2", "run-1"]);
  });

  it("shows an empty answer as (empty answer)", async () => {
    ({ store } = await arenaFixture({ cases: 1, runs: { "run-1": { x: () => "", y: () => "something" } } }));
    server = createDashboardServer({ store, arena: arenaStoreOf(store) });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const shown = await next(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect([shown.pair!.left, shown.pair!.right].sort()).toEqual(["(empty answer)", "something"]);
  });
});
