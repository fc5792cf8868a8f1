import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import type { RouteOverride } from "../spec/route-overrides.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";

let primary: MockServer;
let served: MockServer;
let test: TestGateway;
let overrides: RouteOverride[] = [];
const changes: string[][] = [];
const problems: string[] = [];

beforeAll(async () => {
  primary = await startOpenAiMockServer();
  served = await startOpenAiMockServer();
  test = await startTestGateway(
    {
      targets: { base: { base_url: primary.url, model: "base-model" }, vllm: { base_url: served.url } },
      routes: { support: { targets: ["base"], sticky_header: "x-user-id" }, other: { targets: ["base"] } },
    },
    { routeOverrides: { source: { listRouteOverrides: () => Promise.resolve(overrides) }, onChange: (described, found) => (changes.push(described), problems.push(...found)) } },
  );
});
afterAll(async () => {
  await test.close();
  await primary.close();
  await served.close();
});

/** Sends one request per user and counts the targets that served them (from the log rows). */
async function split(users: number): Promise<Map<string, number>> {
  const before = new Set((await test.logs()).map((row) => row.id));
  const client = test.client();
  for (let index = 0; index < users; index += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, users - index) }, (_, offset) =>
        client.chat.completions.create({ model: "support", messages: [{ role: "user", content: "hi" }] }, { headers: { "x-user-id": `user-${index + offset}` } }),
      ),
    );
  }
  const counts = new Map<string, number>();
  for (const row of await test.logs()) {
    if (before.has(row.id)) continue;
    const key = `${row.target} ${row.model}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe("promotions on gateway routes", () => {
  it("give a canary its share, a full promotion all traffic, and a rollback the configured split back, without a restart", async () => {
    expect(await split(40)).toEqual(new Map([["base base-model", 40]]));

    overrides = [{ route: "support", layers: [{ modelId: "ft-1", model: "ft:base-model:acme::1", gatewayTarget: null, percent: 25, promotionId: "p1" }] }];
    await test.gateway.refreshRoutes();
    expect(changes.at(-1)).toEqual(["support: base 75%, base@ft-1 25% (promotion p1)"]);
    const canary = await split(400);
    const onCanary = canary.get("base@ft-1 ft:base-model:acme::1") ?? 0;
    expect(onCanary + (canary.get("base base-model") ?? 0)).toBe(400);
    // Sticky users hash evenly: 25% of 400 is 100, with a standard deviation of about 8.7.
    expect(onCanary).toBeGreaterThan(55);
    expect(onCanary).toBeLessThan(145);
    // The same users land on the same side again.
    expect(await split(400)).toEqual(canary);

    overrides = [{ route: "support", layers: [{ modelId: "ft-1", model: "ft-weights", gatewayTarget: "vllm", percent: 100, promotionId: "p2" }] }];
    await test.gateway.refreshRoutes();
    expect(await split(40)).toEqual(new Map([["vllm@ft-1 ft-weights", 40]]));

    overrides = [];
    await test.gateway.refreshRoutes();
    expect(changes.at(-1)).toEqual([]);
    expect(await split(40)).toEqual(new Map([["base base-model", 40]]));
  });

  it("reports an override it cannot apply and keeps the configured split", async () => {
    overrides = [{ route: "support", layers: [{ modelId: "ft-2", model: "x", gatewayTarget: "missing", percent: 50, promotionId: "p3" }] }, { route: "unknown", layers: [{ modelId: "ft-2", model: "x", gatewayTarget: null, percent: 50, promotionId: "p3" }] }];
    await test.gateway.refreshRoutes();
    expect(problems).toEqual([expect.stringContaining('names gateway target "missing"'), expect.stringContaining("route unknown: not in gateway.routes")]);
    expect(await split(16)).toEqual(new Map([["base base-model", 16]]));
    overrides = [];
    await test.gateway.refreshRoutes();
  });
});
