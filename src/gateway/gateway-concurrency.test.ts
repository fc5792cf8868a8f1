import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { startTestGateway, testPrices, type TestGateway } from "./testing/gateway-harness.js";
import { hashKey } from "./virtual-keys.js";

/** 200 concurrent requests on one key, through the gateway's HTTP server to a local upstream. */
let upstream: MockServer;
const open: TestGateway[] = [];
// The clock stands still: every request falls in the same minute and day.
const now = (): number => Date.parse("2026-12-01T10:00:00Z");

beforeAll(async () => {
  upstream = await startOpenAiMockServer();
});
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});
afterAll(async () => {
  await upstream.close();
});

async function gatewayWith(input: Parameters<typeof startTestGateway>[0]): Promise<TestGateway> {
  const started = await startTestGateway({ targets: { mock: { base_url: upstream.url } }, ...input }, { now });
  open.push(started);
  return started;
}

interface Sent {
  status: number;
  code: string | undefined;
  bodyBytes: number;
}

async function fire(test: TestGateway, key: string, bodies: readonly string[]): Promise<Sent[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const response = await fetch(`${test.baseUrl}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
      const answer = (await response.json()) as { error?: { code?: string } };
      return { status: response.status, code: answer.error?.code, bodyBytes: Buffer.byteLength(body) };
    }),
  );
}

const price = testPrices["mock-model"];
const costOf = (input: number, output: number): number => (input * price.input_per_mtok + output * price.output_per_mtok) / 1e6;

describe("limits under 200 concurrent requests on one key", () => {
  it("never spend past a budget when every request states max_tokens", async () => {
    const budget = 0.002;
    const test = await gatewayWith({ routes: { "mock-model": { targets: ["mock"] } }, keys: { team: { sha256: hashKey("k"), budget_usd_per_day: budget } } });
    const bodies = Array.from({ length: 200 }, (_, index) => JSON.stringify({ model: "mock-model", messages: [{ role: "user", content: `request ${index} asks for a short answer` }], max_tokens: 16 }));
    const sent = await fire(test, "k", bodies);
    const rows = await test.logs();
    const spent = rows.reduce((sum, row) => sum + (row.costUsd ?? 0), 0);
    expect(sent.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
    expect(sent.every((answer) => answer.status === 200 || (answer.status === 429 && answer.code === "budget_exceeded"))).toBe(true);
    expect(sent.some((answer) => answer.status === 429)).toBe(true);
    // The bound with max_tokens everywhere: no overspend at all.
    expect(spent).toBeLessThanOrEqual(budget);
    // Refused requests are logged with the key's name.
    const refused = rows.filter((row) => row.status === 429);
    expect(refused.length).toBe(sent.filter((answer) => answer.status === 429).length);
    expect(refused.every((row) => row.keyName === "team" && row.error === "budget_exceeded")).toBe(true);
  });

  it("overspend a budget by no more than the admitted requests' use beyond their reservation when max_tokens is absent", async () => {
    const budget = 0.002;
    const reserved = 4;
    const test = await gatewayWith({ routes: { "mock-model": { targets: ["mock"], reserve_output_tokens: reserved } }, keys: { team: { sha256: hashKey("k"), budget_usd_per_day: budget } } });
    // The mock echoes the prompt: 201 output tokens each, against 4 reserved (bodies of equal length).
    const words = Array.from({ length: 200 }, () => "a").join(" ");
    const bodies = Array.from({ length: 200 }, (_, index) => JSON.stringify({ model: "mock-model", messages: [{ role: "user", content: `n${String(index).padStart(3, "0")} ${words}` }] }));
    const sent = await fire(test, "k", bodies);
    const rows = (await test.logs()).filter((row) => row.status === 200);
    const spent = rows.reduce((sum, row) => sum + (row.costUsd ?? 0), 0);
    expect(sent.some((answer) => answer.status === 429)).toBe(true);
    // Each admitted request reserved its body's bytes as input plus 4 output tokens.
    const reservation = costOf(sent[0]?.bodyBytes ?? 0, reserved);
    const excess = rows.reduce((sum, row) => sum + Math.max(0, (row.costUsd ?? 0) - reservation), 0);
    expect(excess).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(budget + excess + 1e-12);
    // Without reservations all 200 would pass; with them the overspend stays far below one request per admission.
    expect(rows.length).toBeLessThan(200);
  });

  it("keep a tokens-per-minute key within its minute", async () => {
    const test = await gatewayWith({ routes: { "mock-model": { targets: ["mock"] } }, keys: { tiny: { sha256: hashKey("tiny"), tokens_per_minute: 20 }, wide: { sha256: hashKey("wide"), tokens_per_minute: 2_000 } } });
    const bodies = Array.from({ length: 200 }, (_, index) => JSON.stringify({ model: "mock-model", messages: [{ role: "user", content: `hi ${index}` }], max_tokens: 5 }));
    const [tiny, wide] = await Promise.all([fire(test, "tiny", bodies), fire(test, "wide", bodies)]);
    const rows = await test.logs();
    const used = (name: string): number => rows.filter((row) => row.keyName === name && row.status === 200).reduce((sum, row) => sum + (row.inputTokens ?? 0) + (row.outputTokens ?? 0), 0);
    expect(used("tiny")).toBeGreaterThan(0);
    expect(used("tiny")).toBeLessThanOrEqual(20);
    expect(used("wide")).toBeGreaterThan(20);
    expect(used("wide")).toBeLessThanOrEqual(2_000);
    for (const answers of [tiny, wide]) expect(answers.every((answer) => answer.status === 200 || (answer.status === 429 && answer.code === "rate_limit_exceeded"))).toBe(true);
    expect(rows.filter((row) => row.status === 429).every((row) => row.keyName === "tiny" || row.keyName === "wide")).toBe(true);
  });
});
