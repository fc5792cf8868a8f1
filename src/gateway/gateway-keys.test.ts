import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import type { VirtualKeyRecord } from "../spec/gateway-store.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";
import { hashKey } from "./virtual-keys.js";

let upstream: MockServer;
const open: TestGateway[] = [];
let clock = Date.parse("2026-12-01T10:00:00Z");
const now = (): number => clock;

beforeAll(async () => {
  upstream = await startOpenAiMockServer();
});
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});
afterAll(async () => {
  await upstream.close();
});

async function gatewayWith(input: Parameters<typeof startTestGateway>[0] = {}): Promise<TestGateway> {
  const started = await startTestGateway({ targets: { mock: { base_url: upstream.url } }, routes: { "mock-model": { targets: ["mock"] }, other: { targets: ["mock"] } }, ...input }, { now });
  open.push(started);
  return started;
}

const stored = (name: string, patch: Partial<VirtualKeyRecord> = {}): VirtualKeyRecord => ({
  name,
  sha256: hashKey(`tko-${name}`),
  requestsPerMinute: null,
  tokensPerMinute: null,
  budgetUsdPerDay: null,
  budgetUsdPerMonth: null,
  createdAt: 1,
  ...patch,
});

async function post(test: TestGateway, path: string, authorization: string | undefined, body: unknown): Promise<{ status: number; code: string | undefined; id: string | null }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization !== undefined) headers["authorization"] = authorization;
  const response = await fetch(`${test.baseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  const answer = (await response.json()) as { error?: { code?: string } };
  return { status: response.status, code: answer.error?.code, id: response.headers.get("x-request-id") };
}

const chat = (test: TestGateway, authorization: string | undefined, model = "mock-model") => post(test, "/chat/completions", authorization, { model, messages: [{ role: "user", content: "hi" }] });

describe("live virtual keys", () => {
  it("accept a key created after start at once, and refuse a revoked one after a refresh (SIGHUP)", async () => {
    const test = await gatewayWith({ keys: { boot: { sha256: hashKey("tko-boot") } } });
    expect((await chat(test, "Bearer tko-late")).status).toBe(401);
    await test.useStore((store) => store.upsertVirtualKey(stored("late")));
    expect((await chat(test, "Bearer tko-late")).status).toBe(200);
    await test.useStore((store) => store.deleteVirtualKey("late"));
    await test.gateway.refreshKeys();
    expect(await chat(test, "Bearer tko-late")).toMatchObject({ status: 401, code: "invalid_api_key" });
  });

  it("drop a revoked key on the periodic refresh, without a restart", async () => {
    // Keys in force from the start (a gateway with none is open to everyone until one appears).
    const test = await gatewayWith({ keys_refresh_ms: 50, keys: { boot: { sha256: hashKey("tko-boot") } } });
    await test.useStore((store) => store.upsertVirtualKey(stored("team")));
    expect((await chat(test, "Bearer tko-team")).status).toBe(200);
    await test.useStore((store) => store.deleteVirtualKey("team"));
    // Liveness, not timing (the machine may be loaded): a refresh every 50 ms drops the key soon.
    await vi.waitFor(async () => expect((await chat(test, "Bearer tko-team")).status).toBe(401), { timeout: 15_000, interval: 20 });
  });

  it("accept the bearer scheme in any case", async () => {
    const test = await gatewayWith({ keys: { team: { sha256: hashKey("tko-team") } } });
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) expect((await chat(test, `${scheme} tko-team`)).status).toBe(200);
    expect((await chat(test, "Basic tko-team")).status).toBe(401);
  });

  it("refuse an expired key, logged with its name", async () => {
    const test = await gatewayWith({ keys: { old: { sha256: hashKey("tko-old"), expires_at: new Date(clock + 60_000).toISOString() } } });
    expect((await chat(test, "Bearer tko-old")).status).toBe(200);
    clock += 60_000;
    expect(await chat(test, "Bearer tko-old")).toMatchObject({ status: 401, code: "expired_api_key" });
    expect((await test.logs())[0]).toMatchObject({ status: 401, keyName: "old", error: "expired_api_key" });
  });

  it("hold a key to its allow-lists of routes and models", async () => {
    const test = await gatewayWith({ keys: { routed: { sha256: hashKey("tko-routed"), routes: ["mock-model"] }, modelled: { sha256: hashKey("tko-modelled"), models: ["other"] } } });
    expect((await chat(test, "Bearer tko-routed")).status).toBe(200);
    expect(await chat(test, "Bearer tko-routed", "other")).toMatchObject({ status: 403, code: "model_not_allowed" });
    expect(await chat(test, "Bearer tko-modelled")).toMatchObject({ status: 403, code: "model_not_allowed" });
    expect((await chat(test, "Bearer tko-modelled", "other")).status).toBe(200);
    expect((await test.logs()).filter((row) => row.status === 403).map((row) => row.keyName).sort()).toEqual(["modelled", "routed"]);
    const listed = await new OpenAI({ baseURL: test.baseUrl, apiKey: "tko-routed", maxRetries: 0 }).models.list();
    expect(listed.data.map((model) => model.id)).toEqual(["mock-model"]);
  });

  it("log refusals by rate limit with the key's name", async () => {
    const test = await gatewayWith({ keys: { team: { sha256: hashKey("tko-team"), requests_per_minute: 1 } } });
    expect((await chat(test, "Bearer tko-team")).status).toBe(200);
    expect(await chat(test, "Bearer tko-team")).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect((await test.logs())[0]).toMatchObject({ status: 429, keyName: "team", error: "rate_limit_exceeded" });
  });

  it("take feedback only from the key that made the request, or an admin key", async () => {
    const test = await gatewayWith({ keys: { a: { sha256: hashKey("tko-a") }, b: { sha256: hashKey("tko-b") }, boss: { sha256: hashKey("tko-boss"), admin: true } } });
    const { id } = await chat(test, "Bearer tko-a");
    expect(id).not.toBeNull();
    expect(await post(test, "/feedback", "Bearer tko-b", { request_id: id, thumbs: "up" })).toMatchObject({ status: 403, code: "feedback_not_allowed" });
    expect((await post(test, "/feedback", "Bearer tko-a", { request_id: id, thumbs: "up" })).status).toBe(201);
    expect((await post(test, "/feedback", "Bearer tko-boss", { request_id: id, score: 0.5 })).status).toBe(201);
    expect((await post(test, "/feedback", undefined, { request_id: id, score: 0.5 })).status).toBe(401);
  });
});
