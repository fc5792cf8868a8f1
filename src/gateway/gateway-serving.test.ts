import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { passesFeedbackFilter } from "../finetune/datasets/feedback-filter.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";

let upstream: MockServer;
let test: TestGateway;

beforeAll(async () => {
  upstream = await startOpenAiMockServer({ apiKey: "sk-upstream-secret" });
  test = await startTestGateway(
    {
      targets: { mock: { base_url: upstream.url, api_key_env: "UPSTREAM_KEY" }, renamed: { base_url: upstream.url, api_key_env: "UPSTREAM_KEY", model: "mock-model" } },
      routes: { "mock-model": { targets: ["mock"] }, fast: { targets: ["renamed"] }, "*": { targets: ["mock"] } },
    },
    { env: { UPSTREAM_KEY: "sk-upstream-secret" } },
  );
});
afterAll(async () => {
  await test.close();
  await upstream.close();
});

describe("the gateway with the official openai client", () => {
  it("answers a chat completion and logs it with usage and cost", async () => {
    const completion = await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "hello gateway" }] });
    expect(completion.choices[0]?.message.content).toBe("hello gateway");
    const [row] = await test.logs();
    expect(row).toMatchObject({ route: "mock-model", target: "mock", model: "mock-model", status: 200, stream: false, cacheHit: false, attempts: 1, error: null });
    expect(row?.inputTokens).toBe(completion.usage?.prompt_tokens);
    expect(row?.outputTokens).toBe(completion.usage?.completion_tokens);
    expect(row?.costUsd).toBeCloseTo(((completion.usage?.prompt_tokens ?? 0) * 1 + (completion.usage?.completion_tokens ?? 0) * 2) / 1e6, 12);
    expect(row?.id).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it("streams, asks upstream for usage and hides the usage chunk from a client that did not ask", async () => {
    const stream = await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "one two three four" }], stream: true });
    let text = "";
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usageChunks++;
    }
    expect(text).toBe("one two three four");
    expect(usageChunks).toBe(0);
    expect(upstream.lastBody).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const [row] = await test.logs();
    expect(row?.stream).toBe(true);
    expect(row?.ttftMs).not.toBeNull();
    expect(row?.inputTokens).toBeGreaterThan(0);
  });

  it("costs a streamed call the same as the plain call of the same exchange", async () => {
    const messages = [{ role: "user" as const, content: "the same exchange twice" }];
    await test.client().chat.completions.create({ model: "mock-model", messages });
    const stream = await test.client().chat.completions.create({ model: "mock-model", messages, stream: true, stream_options: { include_usage: true } });
    let usageChunks = 0;
    for await (const chunk of stream) if (chunk.usage) usageChunks++;
    expect(usageChunks).toBe(1);
    const [streamed, plain] = await test.logs();
    expect(streamed?.stream).toBe(true);
    expect(plain?.stream).toBe(false);
    expect(streamed?.costUsd).toBeGreaterThan(0);
    expect(streamed?.costUsd).toBe(plain?.costUsd);
    expect([streamed?.inputTokens, streamed?.outputTokens]).toEqual([plain?.inputTokens, plain?.outputTokens]);
  });

  it("passes tools, tool calls and response_format through untouched", async () => {
    const tools = [{ type: "function" as const, function: { name: "lookup", description: "Look up", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
    const completion = await test.client().chat.completions.create({
      model: "mock-model",
      messages: [{ role: "user", content: "find it" }],
      tools,
      tool_choice: "auto",
      response_format: { type: "json_object" },
    });
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({ type: "function", function: { name: "lookup" } });
    expect(upstream.lastBody).toMatchObject({ tools, tool_choice: "auto", response_format: { type: "json_object" } });
    const stream = await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "find it" }], tools, stream: true });
    let name = "";
    for await (const chunk of stream) name += chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.name ?? "";
    expect(name).toBe("lookup");
  });

  it("maps an alias to the target's model and never returns the upstream key", async () => {
    const response = await fetch(`${test.baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "fast", messages: [{ role: "user", content: "hi" }] }) });
    expect(response.status).toBe(200);
    expect(upstream.lastBody).toMatchObject({ model: "mock-model" });
    expect(upstream.lastHeaders?.authorization).toBe("Bearer sk-upstream-secret");
    const text = await response.text();
    expect(text).not.toContain("sk-upstream-secret");
    expect(JSON.stringify([...response.headers])).not.toContain("sk-upstream-secret");
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(Number(response.headers.get("x-tuneops-overhead-ms"))).toBeGreaterThanOrEqual(0);
    const rows = await test.logs();
    expect(JSON.stringify(rows)).not.toContain("sk-upstream-secret");
  });

  it("serves embeddings and lists models", async () => {
    const embeddings = await test.client().embeddings.create({ model: "mock-model", input: ["a b", "c"] });
    expect(embeddings.data).toHaveLength(2);
    const [row] = await test.logs();
    expect(row).toMatchObject({ endpoint: "/v1/embeddings", inputTokens: embeddings.usage.prompt_tokens, outputTokens: 0 });
    const models = await test.client().models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(["mock-model", "fast"]));
  });

  it("forwards legacy completions, streamed and not", async () => {
    upstream.setReplay({
      body: JSON.stringify({ id: "cmpl-1", object: "text_completion", created: 1, model: "mock-model", choices: [{ text: " world", index: 0, logprobs: null, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
      times: 1,
    });
    const completion = await test.client().completions.create({ model: "mock-model", prompt: "hello" });
    expect(completion.choices[0]?.text).toBe(" world");
    expect(upstream.lastBody).toMatchObject({ model: "mock-model", prompt: "hello" });
    upstream.setReplay({
      body: 'data: {"id":"cmpl-2","object":"text_completion","created":1,"model":"mock-model","choices":[{"text":" wor","index":0,"finish_reason":null}]}\n\ndata: {"id":"cmpl-2","object":"text_completion","created":1,"model":"mock-model","choices":[{"text":"ld","index":0,"finish_reason":"stop"}]}\n\ndata: {"id":"cmpl-2","object":"text_completion","created":1,"model":"mock-model","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\ndata: [DONE]\n\n',
      times: 1,
    });
    const stream = await test.client().completions.create({ model: "mock-model", prompt: "hello", stream: true });
    let text = "";
    let usageChunks = 0;
    for await (const part of stream) {
      text += part.choices[0]?.text ?? "";
      if (part.usage) usageChunks++;
    }
    expect(text).toBe(" world");
    expect(usageChunks).toBe(0);
    expect((await test.logs())[0]).toMatchObject({ endpoint: "/v1/completions", stream: true, inputTokens: 1, outputTokens: 2 });
  });

  it("answers unknown models, bad types and bad JSON with OpenAI error objects", async () => {
    const unknown = await fetch(`${test.baseUrl}/nothing`, { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
    await expect(test.client().chat.completions.create({ model: "mock-model", messages: "hi" as never })).rejects.toMatchObject({ status: 400, param: "messages" });
    await expect(test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "x" }], temperature: "hot" as never })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const missing = await fetch(`${test.baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ messages: [{ role: "user", content: "x" }] }) });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { type: "invalid_request_error", param: "model", code: "missing_required_parameter" } });
    const wrongMethod = await fetch(`${test.baseUrl}/chat/completions`);
    expect(wrongMethod.status).toBe(405);
  });

  it("serves /healthz, /readyz and Prometheus /metrics", async () => {
    expect((await fetch(`${test.gateway.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${test.gateway.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${test.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/tuneops_gateway_requests_total\{route="mock-model",target="mock",status="200"\} \d+/);
    expect(metrics).toContain("tuneops_gateway_request_duration_seconds_bucket");
    expect(metrics).toContain("tuneops_gateway_time_to_first_token_seconds_count");
    expect(metrics).toContain("tuneops_gateway_overhead_seconds_sum");
    expect(metrics).toMatch(/tuneops_gateway_tokens_total\{route="mock-model",direction="input"\} \d+/);
    expect(metrics).toMatch(/tuneops_gateway_cost_usd_total\{route="mock-model"\} [\d.e-]+/);
  });

  it("stores feedback and joins it with its request", async () => {
    const { data, response } = await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "rate me" }] }).withResponse();
    expect(data.choices).toHaveLength(1);
    const requestId = response.headers.get("x-request-id");
    const posted = await fetch(`${test.baseUrl}/feedback`, { method: "POST", body: JSON.stringify({ request_id: requestId, thumbs: "up", label: "helpful", comment: "good" }) });
    expect(posted.status).toBe(201);
    const rows = await test.logs();
    const row = rows.find((entry) => entry.id === requestId);
    expect(row?.feedback).toEqual([expect.objectContaining({ requestId, score: 1, label: "helpful", comment: "good" })]);
    const unknown = await fetch(`${test.baseUrl}/feedback`, { method: "POST", body: JSON.stringify({ request_id: "req_missing", score: 0.5 }) });
    expect(unknown.status).toBe(404);
    const invalid = await fetch(`${test.baseUrl}/feedback`, { method: "POST", body: JSON.stringify({ request_id: requestId, score: 7 }) });
    expect(invalid.status).toBe(400);
  });

  it("keeps both the thumb and the score of feedback that gives both, so a thumbs-up dataset takes it", async () => {
    const { response } = await test.client().chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "rate me twice" }] }).withResponse();
    const requestId = response.headers.get("x-request-id");
    const posted = await fetch(`${test.baseUrl}/feedback`, { method: "POST", body: JSON.stringify({ request_id: requestId, thumbs: "up", score: 0.4 }) });
    expect(await posted.json()).toMatchObject({ score: 0.4, thumbs: "up" });
    const row = (await test.logs()).find((entry) => entry.id === requestId);
    expect(row?.feedback).toEqual([expect.objectContaining({ score: 0.4, thumbs: "up" })]);
    expect(passesFeedbackFilter(row?.feedback ?? [], { thumbs: "up" })).toBe(true);
    expect(passesFeedbackFilter(row?.feedback ?? [], { thumbs: "down" })).toBe(false);
    expect(passesFeedbackFilter(row?.feedback ?? [], { minScore: 0.5 })).toBe(false);
  });
});
