import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { createRandom } from "../stats/random.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";

let upstream: MockServer;
let test: TestGateway;

beforeAll(async () => {
  upstream = await startOpenAiMockServer();
  test = await startTestGateway({
    max_body_bytes: 64 * 1024,
    targets: { mock: { base_url: upstream.url } },
    routes: { "mock-model": { targets: ["mock"] } },
    cache: { enabled: true },
    guards: { pii: {}, toxicity: { action: "flag" } },
  });
});
afterAll(async () => {
  await test.close();
  await upstream.close();
});

const valid = { model: "mock-model", messages: [{ role: "user", content: "hello" }] };
const strange: unknown[] = [null, true, false, 0, -1, 1e308, -0.5, "", "x", "\u0000", "\ud800", [], [null], {}, { role: 1 }, [{}], "a".repeat(5000), { __proto__: { x: 1 } }, [[[[[]]]]]];
const fields = ["model", "messages", "stream", "stream_options", "temperature", "top_p", "n", "max_tokens", "max_completion_tokens", "tools", "tool_choice", "response_format", "stop", "seed", "user", "__proto__", "constructor", "prompt", "input"];
const endpoints = ["/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/feedback"];

/** One malformed body of one of several kinds: random bytes, cut JSON, wrong types, deep nesting, odd messages. */
function malformedBody(random: () => number): string | Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const text = JSON.stringify(valid);
  switch (Math.floor(random() * 8)) {
    case 0:
      return Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
    case 1:
      return text.slice(0, Math.floor(random() * text.length));
    case 2:
      return JSON.stringify({ ...valid, [pick(fields)]: pick(strange) });
    case 3: {
      const messages = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ role: pick(strange), content: pick(strange), tool_calls: pick(strange) }));
      return JSON.stringify({ ...valid, messages });
    }
    case 4: {
      const depth = 1 + Math.floor(random() * 3000);
      return `${'{"a":['.repeat(depth)}1${"]}".repeat(depth)}`;
    }
    case 5: {
      if (random() < 0.5) return JSON.stringify(pick(strange));
      // A valid request carrying a deeply nested extra field.
      const depth = 100 + Math.floor(random() * 20_000);
      return `{"model":"mock-model","messages":[{"role":"user","content":"hi"}],"metadata":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    }
    case 6: {
      const bytes = Buffer.from(text);
      for (let flips = 0; flips < 3; flips++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      return bytes;
    }
    default:
      return JSON.stringify({ ...valid, stream: true, model: pick(["mock-model", "nope", ""]), messages: [{ role: "user", content: pick(strange) }] });
  }
}

describe("malformed bodies", () => {
  it("never crash the gateway and never get a 5xx of its own making (10,000 bodies)", async () => {
    const random = createRandom(0xf022);
    const pool = new Pool(test.gateway.url, { connections: 16 });
    const statuses = new Map<number, number>();
    let next = 0;
    const total = 10_000;
    const worker = async (): Promise<void> => {
      while (next < total) {
        next++;
        const body = malformedBody(random);
        const path = endpoints[Math.floor(random() * endpoints.length)] as string;
        const response = await pool.request({ path, method: "POST", headers: { "content-type": "application/json" }, body });
        const text = await response.body.text();
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode >= 500) throw new Error(`${response.statusCode} for ${path}: ${text}`);
        if (response.statusCode >= 400) expect(JSON.parse(text)).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await pool.close();
    expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(total);
    expect(statuses.get(400)).toBeGreaterThan(1_000);
    // Still serving.
    const completion = await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "still here" }] });
    expect(completion.choices[0]?.message.content).toBe("still here");
  });

  it("refuses an oversized body with 413", async () => {
    const response = await fetch(`${test.baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ ...valid, messages: [{ role: "user", content: "x".repeat(70_000) }] }) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", code: "request_too_large" } });
  });
});
