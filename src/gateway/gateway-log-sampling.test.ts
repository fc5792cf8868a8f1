import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { isLogged } from "./exchange.js";
import { startTestGateway } from "./testing/gateway-harness.js";

let upstream: MockServer;
beforeAll(async () => {
  upstream = await startOpenAiMockServer();
});
afterAll(async () => {
  await upstream.close();
});

async function serveTen(logging: Record<string, unknown>): Promise<{ rows: number; skipped: string }> {
  const test = await startTestGateway({ targets: { mock: { base_url: upstream.url } }, routes: { "mock-model": { targets: ["mock"] } }, logging });
  try {
    for (let index = 0; index < 10; index += 1) await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: `hello ${index}` }] });
    // A refused request (unknown model) is a failure: logged whenever logging is enabled.
    await test
      .client()
      .chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hello" }] })
      .catch(() => undefined);
    const metrics = await (await fetch(`${test.gateway.url}/metrics`)).text();
    return { rows: (await test.logs()).length, skipped: /^tuneops_gateway_log_rows_skipped_total (\d+)/m.exec(metrics)?.[1] ?? "0" };
  } finally {
    await test.close();
  }
}

describe("gateway.logging.enabled and sample_rate", () => {
  it("logs every request by default, none when disabled, and only failures at a sample rate of 0.0001", async () => {
    expect(await serveTen({})).toEqual({ rows: 11, skipped: "0" });
    expect(await serveTen({ enabled: false })).toEqual({ rows: 0, skipped: "11" });
    const sampled = await serveTen({ sample_rate: 0.0001 });
    expect(sampled.rows).toBeGreaterThanOrEqual(1);
    expect(sampled.rows + Number(sampled.skipped)).toBe(11);
  });

  it("keeps failures whatever the rate and samples successes at it", () => {
    let draws = 0;
    const random = (): number => [0.1, 0.6][draws++ % 2] as number;
    expect(isLogged(0.5, 200, random)).toBe(true);
    expect(isLogged(0.5, 200, random)).toBe(false);
    expect(isLogged(0.5, 500, random)).toBe(true);
    expect(isLogged(0.5, 401, random)).toBe(true);
    expect(isLogged(0, 500, random)).toBe(false);
    expect(isLogged(1, 200, () => 0.999)).toBe(true);
  });
});
