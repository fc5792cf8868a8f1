import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";

/** Pass-through mode: no virtual keys, the client's own key goes to an upstream that checks it. */
let upstream: MockServer;
const open: TestGateway[] = [];

beforeAll(async () => {
  upstream = await startOpenAiMockServer({ apiKey: "sk-owner" });
});
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});
afterAll(async () => {
  await upstream.close();
});

async function gatewayWith(routes: Record<string, unknown>): Promise<TestGateway> {
  const started = await startTestGateway({ targets: { open: { base_url: upstream.url } }, routes: routes as never, cache: { enabled: true } });
  open.push(started);
  return started;
}

async function ask(test: TestGateway, options: { authorization?: string; model?: string; content?: string }): Promise<{ status: number; cache: string | null }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.authorization !== undefined) headers["authorization"] = options.authorization;
  const response = await fetch(`${test.baseUrl}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ model: options.model ?? "mock-model", messages: [{ role: "user", content: options.content ?? "tenant question" }] }),
  });
  await response.text();
  return { status: response.status, cache: response.headers.get("x-tuneops-cache") };
}

describe("the cache in pass-through mode", () => {
  it("never serves one client's answer to a client whose credential the upstream refuses", async () => {
    const test = await gatewayWith({ "mock-model": { targets: ["open"] } });
    expect(await ask(test, { authorization: "Bearer sk-owner" })).toEqual({ status: 200, cache: "miss" });
    expect(await ask(test, { authorization: "Bearer sk-owner" })).toEqual({ status: 200, cache: "hit" });
    // The same credential in another scheme case is the same tenant.
    expect(await ask(test, { authorization: "bearer sk-owner" })).toMatchObject({ status: 200, cache: "hit" });
    // No key, or another key: the upstream decides, and its refusal is not cached.
    const before = upstream.requests;
    for (const authorization of [undefined, undefined, "Bearer sk-stranger", "Bearer sk-stranger"]) {
      expect(await ask(test, authorization === undefined ? {} : { authorization })).toEqual({ status: 401, cache: null });
    }
    expect(upstream.requests - before).toBe(4);
    // The log never holds the credential.
    expect(JSON.stringify(await test.logs())).not.toContain("sk-owner");
  });

  it("can be turned off per route", async () => {
    const test = await gatewayWith({ "mock-model": { targets: ["open"] }, fresh: { targets: ["open"], cache: false } });
    const before = upstream.requests;
    expect(await ask(test, { authorization: "Bearer sk-owner", model: "fresh" })).toEqual({ status: 200, cache: null });
    expect(await ask(test, { authorization: "Bearer sk-owner", model: "fresh" })).toEqual({ status: 200, cache: null });
    expect(upstream.requests - before).toBe(2);
    expect((await test.logs()).some((row) => row.cacheHit)).toBe(false);
  });
});
