import { once } from "node:events";
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { arenaFixture } from "../arena/testing/arena-fixtures.js";
import type { Store } from "../spec/store.js";
import { arenaStoreOf } from "../store/arena-store.js";
import { createDashboardServer, type DashboardServerOptions } from "./create-dashboard-server.js";
import { allowedHostsFor } from "./request-guard.js";
import { maxLoadedQueues } from "./vote-sessions.js";

let store: Store | undefined;
let server: (Server & { sessions: { loadedQueues: number } }) | undefined;
afterEach(async () => {
  if (server) await new Promise((done) => server!.close(done));
  await store?.close();
  server = undefined;
  store = undefined;
});

const runNames = ["run-1", "run-2", "run-3", "run-4", "run-5"];

async function start(options: Partial<DashboardServerOptions> = {}): Promise<{ base: string; port: number }> {
  ({ store } = await arenaFixture({ cases: 2, runs: Object.fromEntries(runNames.map((name) => [name, { x: (index: number) => `x ${index}`, y: (index: number) => `y ${index}` }])) }));
  server = createDashboardServer({ store, arena: arenaStoreOf(store), now: () => 7, ...options });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port };
}

/** A raw request, so the test can set Host and Origin as another site's page would. */
function raw(port: number, options: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: "127.0.0.1", port, method: options.method, path: options.path, headers: options.headers }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

describe("the dashboard server under abuse", () => {
  it("keeps a bounded number of runs lists loaded, however many distinct ?run= lists are asked for", async () => {
    const { base } = await start();
    let asked = 0;
    for (let mask = 1; mask < 2 ** runNames.length; mask++) {
      const runs = runNames.filter((_, index) => (mask >> index) & 1);
      const query = runs.map((run) => `run=${run}`).join("&");
      const response = await fetch(`${base}/api/arena/next?voter=v${mask}&${query}`);
      expect(response.status).toBe(200);
      asked++;
    }
    expect(asked).toBe(31);
    expect(server!.sessions.loadedQueues).toBeLessThanOrEqual(maxLoadedQueues);
    // The same runs in another order or repeated are one list.
    const before = server!.sessions.loadedQueues;
    expect((await fetch(`${base}/api/arena/next?voter=w1&run=run-2&run=run-1&run=run-2`)).status).toBe(200);
    expect((await fetch(`${base}/api/arena/next?voter=w2&run=run-1&run=run-2`)).status).toBe(200);
    expect(server!.sessions.loadedQueues).toBeLessThanOrEqual(Math.max(before, maxLoadedQueues));
    const many = Array.from({ length: 21 }, (_, index) => `run=r${index}`).join("&");
    expect((await fetch(`${base}/api/arena/next?voter=w3&${many}`)).status).toBe(400);
  });

  it("checks Host against the bound address's names, and Origin against Host", async () => {
    const hosts = new Set<string>();
    const { port } = await start({ allowedHosts: hosts });
    for (const name of allowedHostsFor("127.0.0.1", port) ?? []) hosts.add(name);
    const body = JSON.stringify({ token: "nope", choice: "tie" });
    const headers = { "content-type": "application/json" };
    expect((await raw(port, { method: "POST", path: "/api/arena/votes", headers: { ...headers, host: `localhost:${port}` }, body })).status).toBe(404);
    expect((await raw(port, { method: "POST", path: "/api/arena/votes", headers: { ...headers, host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` }, body })).status).toBe(404);
    expect((await raw(port, { method: "POST", path: "/api/arena/votes", headers: { ...headers, host: `127.0.0.1:${port}`, origin: "https://attacker.example" }, body })).status).toBe(403);
    // A DNS-rebinding page reaches 127.0.0.1 under its own name: Host and Origin agree, and name the attacker.
    const rebound = await raw(port, { method: "POST", path: "/api/arena/votes", headers: { ...headers, host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` }, body });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: "forbidden" } });
  });

  it("rate-limits votes per client", async () => {
    const { base } = await start({ votesPerMinute: 3 });
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) {
      const response = await fetch(`${base}/api/arena/votes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: `t${index}`, choice: "tie" }) });
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers.get("retry-after")).not.toBeNull();
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });

  it("ties a voter's name to the session that took it, and a shown pair to its session", async () => {
    const { base } = await start();
    const first = await fetch(`${base}/api/arena/next?voter=ann&run=run-1`);
    const annCookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(annCookie).toMatch(/^tuneops_session=[0-9a-f]{32}$/);
    const shown = (await first.json()) as { pair: { token: string } };
    // Another browser may not vote as ann, nor use ann's pair.
    const impostor = await fetch(`${base}/api/arena/next?voter=ann&run=run-1`);
    expect(impostor.status).toBe(409);
    expect(await impostor.json()).toMatchObject({ error: { code: "name_taken" } });
    const stolen = await fetch(`${base}/api/arena/votes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: shown.pair.token, choice: "left" }) });
    expect(stolen.status).toBe(403);
    const own = await fetch(`${base}/api/arena/votes`, { method: "POST", headers: { "content-type": "application/json", cookie: annCookie }, body: JSON.stringify({ token: shown.pair.token, choice: "left" }) });
    expect(own.status).toBe(201);
  });

  it("asks for the access token when one is set, and takes it once from ?token=", async () => {
    const { base } = await start({ accessToken: "s3cret-token-value" });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/api/arena/next?voter=ann`)).status).toBe(401);
    expect((await fetch(`${base}/api/arena/next?voter=ann`, { headers: { authorization: "Bearer s3cret-token-value" } })).status).toBe(200);
    const entry = await fetch(`${base}/arena?token=s3cret-token-value`, { redirect: "manual" });
    expect(entry.status).toBe(303);
    expect(entry.headers.get("location")).toBe("/arena");
    const cookie = (entry.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect((await fetch(`${base}/arena`, { headers: { cookie } })).status).toBe(200);
  });
});
