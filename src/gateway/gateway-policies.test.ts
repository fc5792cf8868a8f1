import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";
import { hashKey } from "./virtual-keys.js";

let upstream: MockServer;
const open: TestGateway[] = [];
let clock = Date.parse("2026-11-27T10:00:00Z");
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

async function gatewayWith(input: Parameters<typeof startTestGateway>[0], options: Parameters<typeof startTestGateway>[1] = {}): Promise<TestGateway> {
  const started = await startTestGateway({ targets: { mock: { base_url: upstream.url } }, routes: { "mock-model": { targets: ["mock"] } }, ...input }, { now, ...options });
  open.push(started);
  return started;
}

const chat = (client: OpenAI, content = "hello", extra: Record<string, unknown> = {}) =>
  client.chat.completions.create({ model: "mock-model", messages: [{ role: "user", content }], ...extra } as never) as Promise<OpenAI.ChatCompletion>;

describe("virtual keys", () => {
  it("require a known key, and never pass it upstream", async () => {
    const test = await gatewayWith({ keys: { team: { sha256: hashKey("tko-team") } } });
    await expect(chat(test.client("wrong"))).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await chat(test.client("tko-team"));
    expect(upstream.lastHeaders?.authorization).toBeUndefined();
    expect((await test.logs())[0]).toMatchObject({ keyName: "team", status: 200 });
    // A request with no known key is counted in a metric, not written as a row.
    expect(await test.logs()).toHaveLength(1);
    expect(test.gateway.runtime.metrics.render()).toContain("tuneops_gateway_unauthenticated_total 1\n");
  });

  it("enforce requests per minute", async () => {
    const test = await gatewayWith({ keys: { team: { sha256: hashKey("k"), requests_per_minute: 3 } } });
    for (let index = 0; index < 3; index++) await chat(test.client("k"));
    await expect(chat(test.client("k"))).rejects.toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    clock += 20_000;
    await chat(test.client("k"));
  });

  it("enforce tokens per minute", async () => {
    const test = await gatewayWith({ keys: { team: { sha256: hashKey("k"), tokens_per_minute: 10 } } });
    await chat(test.client("k"), "one two three four five six seven eight nine ten eleven");
    await expect(chat(test.client("k"))).rejects.toMatchObject({ status: 429 });
  });

  it("enforce a daily budget by each request's worst case, never spending past it", async () => {
    const budget = 0.0005;
    const first = await gatewayWith({ keys: { team: { sha256: hashKey("k"), budget_usd_per_day: budget } } });
    // About 30 tokens per call at $1-2 per million; the worst case (body bytes plus max_tokens) is about $0.00017.
    let calls = 0;
    while (calls < 50) {
      try {
        await chat(first.client("k"), "spend some money on many words please", { max_tokens: 20 });
        calls++;
      } catch (error) {
        expect(error).toMatchObject({ status: 429, code: "budget_exceeded" });
        break;
      }
    }
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(50);
    const spent = (await first.logs()).reduce((sum, row) => sum + (row.costUsd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(budget);
    // A request whose worst case alone exceeds the budget is refused with the fix named.
    await expect(chat(first.client("k"), "no max_tokens")).rejects.toMatchObject({ status: 429, code: "budget_exceeded", message: expect.stringContaining("max_tokens") });
    // A new day resets the daily budget.
    clock += 24 * 3_600_000;
    await chat(first.client("k"), "again", { max_tokens: 20 });
  });

  it("read keys created in the store, hashed", async () => {
    const test = await gatewayWith(
      {},
      { seedStore: (store) => store.upsertVirtualKey({ name: "stored", sha256: hashKey("tko-stored"), requestsPerMinute: null, tokensPerMinute: null, budgetUsdPerDay: null, budgetUsdPerMonth: null, createdAt: 1 }) },
    );
    await expect(chat(test.client("other"))).rejects.toMatchObject({ status: 401 });
    await chat(test.client("tko-stored"));
    expect((await test.logs())[0]?.keyName).toBe("stored");
  });
});

describe("the exact cache", () => {
  it("answers the same request from the cache, per tenant, until the TTL", async () => {
    const test = await gatewayWith({ cache: { enabled: true, ttl_seconds: 60 }, keys: { a: { sha256: hashKey("ka") }, b: { sha256: hashKey("kb") } } });
    const headerOf = async (key: string, body: Record<string, unknown>): Promise<string | null> => {
      const response = await fetch(`${test.baseUrl}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
      await response.text();
      return response.headers.get("x-tuneops-cache");
    };
    const before = upstream.requests;
    expect(await headerOf("ka", { model: "mock-model", messages: [{ role: "user", content: "cache me" }], temperature: 0 })).toBe("miss");
    expect(await headerOf("ka", { temperature: 0, messages: [{ content: "cache me", role: "user" }], model: "mock-model" })).toBe("hit");
    expect(await headerOf("ka", { model: "mock-model", messages: [{ role: "user", content: "cache me" }], temperature: 0.5 })).toBe("miss");
    expect(await headerOf("kb", { model: "mock-model", messages: [{ role: "user", content: "cache me" }], temperature: 0 })).toBe("miss");
    expect(upstream.requests - before).toBe(3);
    const [hit] = (await test.logs()).filter((row) => row.cacheHit);
    expect(hit).toMatchObject({ cacheHit: true, costUsd: 0, target: null });
    clock += 61_000;
    expect(await headerOf("ka", { model: "mock-model", messages: [{ role: "user", content: "cache me" }], temperature: 0 })).toBe("miss");
  });

  it("replays a cached stream as a stream", async () => {
    const test = await gatewayWith({ cache: { enabled: true } });
    const read = async (): Promise<string> => {
      const stream = (await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "stream cached" }], stream: true })) as AsyncIterable<OpenAI.ChatCompletionChunk>;
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      return text;
    };
    expect(await read()).toBe("stream cached");
    const before = upstream.requests;
    expect(await read()).toBe("stream cached");
    expect(upstream.requests).toBe(before);
  });
});

describe("the semantic cache", () => {
  it("answers a single-turn question that embeds close to a cached one, per model and parameters", async () => {
    const test = await gatewayWith({ targets: { mock: { base_url: upstream.url } }, cache: { enabled: true, semantic: { target: "mock", model: "embedder" } } });
    const ask = async (content: string, extra: Record<string, unknown> = {}): Promise<string | null> => {
      const response = await fetch(`${test.baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "mock-model", messages: [{ role: "system", content: "be brief" }, { role: "user", content }], ...extra }) });
      await response.text();
      return response.headers.get("x-tuneops-cache");
    };
    expect(await ask("What is the capital of France?")).toBe("miss");
    // The mock embeds a bag of words: the same words in another case and order are cosine 1.
    expect(await ask("what is the capital of FRANCE")).toBe("hit");
    expect(await ask("Name every river in Spain")).toBe("miss");
    expect(await ask("What is the capital of France?", { temperature: 0.9 })).toBe("miss");
    const multiTurn = await fetch(`${test.baseUrl}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "mock-model", messages: [{ role: "user", content: "what is the capital of france" }, { role: "assistant", content: "Paris" }, { role: "user", content: "what is the capital of france" }] }),
    });
    await multiTurn.text();
    expect(multiTurn.headers.get("x-tuneops-cache")).toBe("miss");
    expect((await test.logs()).filter((row) => row.cacheHit)).toHaveLength(1);
  });
});

describe("guards", () => {
  it("redact PII before the request leaves and log the action", async () => {
    const test = await gatewayWith({ guards: { pii: { entities: ["email"] } }, logging: { bodies: true } });
    const completion = await chat(test.client(), "mail jane.doe@example.com or call 555-123-4567");
    const sent = (upstream.lastBody as { messages: { content: string }[] }).messages[0]?.content;
    expect(sent).toBe("mail [EMAIL] or call 555-123-4567");
    expect(completion.choices[0]?.message.content).not.toContain("jane.doe");
    const [row] = await test.logs();
    expect(row?.guardActions).toEqual([{ guard: "pii", action: "redacted", detail: "email" }]);
    expect(row?.requestBody).not.toContain("jane.doe@example.com");
  });

  it("block a toxic response, or flag it", async () => {
    const blocking = await gatewayWith({ guards: { toxicity: {} } });
    await expect(chat(blocking.client(), "you are a fucking idiot")).rejects.toMatchObject({ status: 400, code: "content_policy_violation" });
    expect((await blocking.logs())[0]?.guardActions).toEqual([expect.objectContaining({ guard: "toxicity", action: "blocked" })]);
    const clean = await chat(blocking.client(), "have a nice day");
    expect(clean.choices[0]?.message.content).toBe("have a nice day");
    const flagging = await gatewayWith({ guards: { toxicity: { action: "flag" } } });
    const flagged = await chat(flagging.client(), "you are a fucking idiot");
    expect(flagged.choices[0]?.message.content).toBe("you are a fucking idiot");
    expect((await flagging.logs())[0]?.guardActions).toEqual([expect.objectContaining({ guard: "toxicity", action: "flagged" })]);
  });

  it("end a toxic stream with a terminal error event instead of [DONE]", async () => {
    const test = await gatewayWith({ guards: { toxicity: {} } });
    const stream = (await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "you are a fucking idiot" }], stream: true })) as AsyncIterable<OpenAI.ChatCompletionChunk>;
    await expect(
      (async () => {
        for await (const _chunk of stream) void _chunk;
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    expect((await test.logs())[0]).toMatchObject({ error: "content_policy_violation" });
  });
});
