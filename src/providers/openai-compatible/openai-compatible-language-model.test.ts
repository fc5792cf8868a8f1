import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isTuneopsError, type TuneopsError } from "../../spec/errors.js";
import type { GenerateRequest, StreamPart } from "../../spec/language-model.js";
import { describeLanguageModelConformance } from "../provider.conformance.js";
import { startOpenAiMockServer } from "../testing/openai-mock-server.js";
import type { MockServer } from "../testing/mock-server.js";
import { createOpenAiCompatibleModel, type OpenAiCompatibleModelOptions } from "./openai-compatible-language-model.js";

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

let server: MockServer;
beforeAll(async () => {
  server = await startOpenAiMockServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setFault(undefined);
  server.setReplay(undefined);
});

const ask = (text: string): GenerateRequest => ({ prompt: { kind: "chat", messages: [{ role: "user", content: text }] } });

function model(extra: Partial<OpenAiCompatibleModelOptions> = {}) {
  return createOpenAiCompatibleModel({ baseUrl: server.url, model: "gpt-4o-mini", ...extra });
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const result: StreamPart[] = [];
  for await (const part of parts) result.push(part);
  return result;
}

async function failure(promise: Promise<unknown>): Promise<TuneopsError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isTuneopsError(error)) throw new Error(`expected a TuneopsError, got ${String(error)}`);
  return error;
}

describeLanguageModelConformance({
  name: "openai-compatible against the OpenAI mock server",
  create: async () => model(),
  request: () => ask("What is the refund window?"),
  deterministic: true,
});

describe("openai-compatible adapter", () => {
  it("maps the request onto the Chat Completions body and normalises the answer", async () => {
    const subject = model({ apiKey: "sk-test-123", headers: { "x-team": "search" } });
    try {
      const result = await subject.generate({
        prompt: { kind: "chat", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "hello there friend" }] },
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 50,
        stop: ["\n\n"],
        seed: 7,
        responseFormat: { type: "json", schema: { type: "object" }, name: "answer" },
        providerOptions: { user: "tenant-1", max_tokens: 40 },
      });
      expect(result.text).toBe(JSON.stringify({ reply: "hello there friend" }));
      expect(result.finishReason).toBe("stop");
      // 3 + (3 + 2 words) + (3 + 3 words) prompt tokens; the JSON reply counts 3 whitespace-separated words.
      expect(result.usage).toEqual({ inputTokens: 14, outputTokens: 3, breakdown: { cacheReadTokens: 0, reasoningTokens: 0 } });
      expect(result.responseId).toMatch(/^chatcmpl-mock-/);
      expect(server.lastBody).toEqual({
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "hello there friend" },
        ],
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 40,
        stop: ["\n\n"],
        seed: 7,
        response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" } } },
        user: "tenant-1",
      });
      expect(server.lastHeaders?.authorization).toBe("Bearer sk-test-123");
      expect(server.lastHeaders?.["x-team"]).toBe("search");
    } finally {
      await subject.close();
    }
  });

  it("sends a text prompt as one user message and asks json_object without a schema", async () => {
    const subject = model();
    try {
      await subject.generate({ prompt: { kind: "text", text: "Classify: great product" }, responseFormat: { type: "json" } });
      expect(server.lastBody).toMatchObject({ messages: [{ role: "user", content: "Classify: great product" }], response_format: { type: "json_object" } });
    } finally {
      await subject.close();
    }
  });

  it("reports a length finish when max tokens cut the answer", async () => {
    const subject = model();
    try {
      const result = await subject.generate({ ...ask("one two three four five"), maxOutputTokens: 2 });
      expect(result).toMatchObject({ text: "one two", finishReason: "length", usage: { outputTokens: 2 } });
    } finally {
      await subject.close();
    }
  });

  it("streams with stream_options.include_usage and takes usage from the last chunk", async () => {
    const subject = model();
    try {
      const parts = await collect(subject.stream(ask("alpha beta gamma")));
      expect(server.lastBody).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      expect(parts.filter((part) => part.type === "text-delta").map((part) => (part.type === "text-delta" ? part.text : ""))).toEqual(["alpha ", "beta ", "gamma"]);
      expect(parts.at(-1)).toEqual({ type: "finish", finishReason: "stop", usage: { inputTokens: 9, outputTokens: 3, breakdown: { cacheReadTokens: 0, reasoningTokens: 0 } }, responseId: expect.stringMatching(/^chatcmpl-mock-/) as unknown, modelVersion: "fp_mock" });
    } finally {
      await subject.close();
    }
  });

  it("replays a recorded stream (CRLF, comments, usage chunk with cached tokens)", async () => {
    server.setReplay({ body: fixture("chat-completion-stream-usage.sse") });
    const subject = model();
    try {
      const parts = await collect(subject.stream(ask("refunds?")));
      const text = parts.map((part) => (part.type === "text-delta" ? part.text : "")).join("");
      expect(text).toBe("Refunds are accepted within 30 days.");
      expect(parts.at(-1)).toEqual({
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1536, outputTokens: 9, breakdown: { cacheReadTokens: 1280, reasoningTokens: 0 } },
        responseId: "chatcmpl-AbQ9Vu5hYh8y2RkZq1xWmP0cD3eF4",
        // Asked for gpt-4o-mini's alias, answered by a dated snapshot with a backend fingerprint.
        modelVersion: "gpt-4o-2024-08-06 fp_7f6be3efb0",
      });
    } finally {
      await subject.close();
    }
  });

  it("normalises cached and reasoning tokens from a recorded o-series response", async () => {
    server.setReplay({ body: fixture("chat-completion-cached-reasoning.json") });
    const subject = model();
    try {
      const result = await subject.generate(ask("refunds?"));
      // prompt_tokens already include the cached ones, completion_tokens the reasoning ones.
      expect(result.usage).toEqual({ inputTokens: 2006, outputTokens: 300, breakdown: { cacheReadTokens: 1920, reasoningTokens: 192 } });
      expect(result.text).toBe("The refund window is 30 days from delivery.");
      expect(result.modelVersion).toBe("o3-mini-2025-01-31 fp_42bfad963b");
    } finally {
      await subject.close();
    }
  });

  it("reads recorded tool calls", async () => {
    server.setReplay({ body: fixture("chat-completion-tool-calls.json") });
    const subject = model();
    try {
      const result = await subject.generate(ask("where is my order?"));
      expect(result.finishReason).toBe("tool-calls");
      expect(result.text).toBe("");
      expect(result.toolCalls).toEqual([{ id: "call_62136354", name: "get_order_status", arguments: '{"order_id":"A-1042"}' }]);
    } finally {
      await subject.close();
    }
  });

  it("round-trips tool calls: definitions out, calls back, results in (generate and stream)", async () => {
    const subject = model();
    const tools = [{ name: "lookup", description: "Look up an order", parameters: { type: "object", properties: { input: { type: "string" } } } }];
    try {
      const first = await subject.generate({ ...ask("order 42"), tools });
      expect(server.lastBody).toMatchObject({ tools: [{ type: "function", function: { name: "lookup", description: "Look up an order" } }] });
      expect(first.finishReason).toBe("tool-calls");
      const call = first.toolCalls?.[0];
      expect(call).toMatchObject({ name: "lookup", arguments: '{"input":"order 42"}' });
      if (!call) return;
      const second = await subject.generate({
        prompt: {
          kind: "chat",
          messages: [
            { role: "user", content: "order 42" },
            { role: "assistant", content: "", toolCalls: [call] },
            { role: "tool", content: "shipped", toolCallId: call.id },
          ],
        },
        tools,
      });
      expect(server.lastBody).toMatchObject({
        messages: [
          { role: "user" },
          { role: "assistant", content: null, tool_calls: [{ id: call.id, type: "function", function: { name: "lookup", arguments: call.arguments } }] },
          { role: "tool", content: "shipped", tool_call_id: call.id },
        ],
      });
      expect(second).toMatchObject({ text: "shipped", finishReason: "stop" });

      const parts = await collect(subject.stream({ ...ask("order 43"), tools }));
      expect(parts.filter((part) => part.type === "tool-call")).toEqual([
        { type: "tool-call", toolCall: { id: expect.stringMatching(/^call_mock_/) as unknown, name: "lookup", arguments: '{"input":"order 43"}' } },
      ]);
      expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: "tool-calls" });
    } finally {
      await subject.close();
    }
  });

  it("classifies 429 with Retry-After as rate limited and retryable, for the next N requests only", async () => {
    server.setFault({ kind: "rate-limit", retryAfterSeconds: 2, times: 1 });
    const subject = model();
    try {
      const error = await failure(subject.generate(ask("hi")));
      expect(error).toMatchObject({ code: "provider_rate_limited", isRetryable: true, retryAfterMs: 2000, statusCode: 429 });
      expect(error.message).toContain(`${server.url}/chat/completions`);
      expect(error.message).toContain("429");
      expect(error.message).toContain("Rate limit reached");
      await expect(subject.generate(ask("hi"))).resolves.toMatchObject({ text: "hi" });
    } finally {
      await subject.close();
    }
  });

  it("reads retry-after-ms and recorded rate-limit bodies; streaming calls classify the same way", async () => {
    server.setReplay({ status: 429, headers: { "retry-after-ms": "120" }, body: fixture("error-rate-limit.json") });
    const subject = model();
    try {
      const error = await failure(collect(subject.stream(ask("hi"))));
      expect(error).toMatchObject({ code: "provider_rate_limited", retryAfterMs: 120 });
      expect(error.message).toContain("Please try again in 120ms");
    } finally {
      await subject.close();
    }
  });

  it("classifies 5xx as unavailable and retryable", async () => {
    server.setFault({ kind: "server-error", status: 503 });
    const subject = model();
    try {
      expect(await failure(subject.generate(ask("hi")))).toMatchObject({ code: "provider_unavailable", isRetryable: true, statusCode: 503 });
      expect(await failure(collect(subject.stream(ask("hi"))))).toMatchObject({ code: "provider_unavailable", statusCode: 503 });
    } finally {
      await subject.close();
    }
  });

  it("classifies malformed JSON as a bad, retryable response (whole body and stream chunk)", async () => {
    server.setFault({ kind: "malformed-json" });
    const subject = model();
    try {
      expect(await failure(subject.generate(ask("hi")))).toMatchObject({ code: "provider_bad_response", isRetryable: true });
      expect(await failure(collect(subject.stream(ask("hi"))))).toMatchObject({ code: "provider_bad_response", isRetryable: true });
    } finally {
      await subject.close();
    }
  });

  it("classifies a body that breaks the schema as a bad response", async () => {
    server.setReplay({ body: JSON.stringify({ id: "x", choices: [] }) });
    const subject = model();
    try {
      const error = await failure(subject.generate(ask("hi")));
      expect(error.code).toBe("provider_bad_response");
      expect(error.message).toContain("choices");
    } finally {
      await subject.close();
    }
  });

  it("classifies a stream cut in the middle as interrupted and retryable, after the first deltas", async () => {
    server.setFault({ kind: "cut-stream" });
    const subject = model();
    const seen: StreamPart[] = [];
    try {
      const error = await failure(
        (async () => {
          for await (const part of subject.stream(ask("one two three four five six seven eight"))) seen.push(part);
        })(),
      );
      expect(error).toMatchObject({ code: "provider_stream_interrupted", isRetryable: true });
      expect(seen.some((part) => part.type === "text-delta")).toBe(true);
      expect(seen.some((part) => part.type === "finish")).toBe(false);
      expect(await failure(subject.generate(ask("one two three")))).toMatchObject({ code: "provider_stream_interrupted", isRetryable: true });
    } finally {
      await subject.close();
    }
  });

  it("treats a stream that ends cleanly without a finish as interrupted", async () => {
    server.setReplay({ body: 'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}\n\n' });
    const subject = model();
    try {
      expect(await failure(collect(subject.stream(ask("hi"))))).toMatchObject({ code: "provider_stream_interrupted" });
    } finally {
      await subject.close();
    }
  });

  it("names the key variable on auth errors and never echoes the key", async () => {
    const guarded = await startOpenAiMockServer({ apiKey: "sk-right" });
    const subject = createOpenAiCompatibleModel({ baseUrl: guarded.url, model: "m", apiKey: "sk-wrong-key-987", apiKeyEnv: "OPENAI_API_KEY" });
    try {
      const error = await failure(subject.generate(ask("hi")));
      expect(error).toMatchObject({ code: "provider_auth", isRetryable: false, statusCode: 401 });
      expect(error.hint).toContain("OPENAI_API_KEY");
      expect(error.message).not.toContain("sk-wrong-key-987");
      expect(error.message).toContain("401");
    } finally {
      await subject.close();
      await guarded.close();
    }
  });

  it("redacts the key when an upstream echoes it", async () => {
    server.setReplay({ status: 401, body: JSON.stringify({ error: { message: "Incorrect API key provided: sk-secret-555." } }) });
    const subject = model({ apiKey: "sk-secret-555" });
    try {
      const error = await failure(subject.generate(ask("hi")));
      expect(error.message).not.toContain("sk-secret-555");
      expect(error.message).toContain("***");
    } finally {
      await subject.close();
    }
  });

  it("classifies 400/404 as bad requests, not retryable", async () => {
    const subject = createOpenAiCompatibleModel({ baseUrl: `${server.url}/nope`, model: "m" });
    try {
      const error = await failure(subject.generate(ask("hi")));
      expect(error).toMatchObject({ code: "provider_bad_request", isRetryable: false, statusCode: 404 });
      expect(error.hint).toContain("base_url");
    } finally {
      await subject.close();
    }
  });

  it("classifies a refused connection as unavailable with a hint", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const subject = createOpenAiCompatibleModel({ baseUrl: `http://127.0.0.1:${port}/v1`, model: "m" });
    try {
      const error = await failure(subject.generate(ask("hi")));
      expect(error).toMatchObject({ code: "provider_unavailable", isRetryable: true });
      expect(error.hint).toContain("base_url");
    } finally {
      await subject.close();
    }
  });

  it("classifies a silent server as a timeout", async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    const { port } = silent.address() as AddressInfo;
    const subject = createOpenAiCompatibleModel({ baseUrl: `http://127.0.0.1:${port}/v1`, model: "m", timeoutMs: 100 });
    try {
      expect(await failure(subject.generate(ask("hi")))).toMatchObject({ code: "provider_timeout", isRetryable: true });
    } finally {
      await subject.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("aborts a stream in flight with a non-retryable aborted error", async () => {
    const subject = model();
    const controller = new AbortController();
    try {
      const error = await failure(
        (async () => {
          for await (const part of subject.stream({ ...ask("a b c d e f"), abortSignal: controller.signal })) {
            if (part.type === "text-delta") controller.abort();
          }
        })(),
      );
      expect(error).toMatchObject({ code: "aborted", isRetryable: false });
    } finally {
      await subject.close();
    }
  });

  it("declares local for loopback hosts unless overridden", () => {
    expect(createOpenAiCompatibleModel({ baseUrl: "http://localhost:11434/v1", model: "m" }).capabilities.local).toBe(true);
    expect(createOpenAiCompatibleModel({ baseUrl: "http://[::1]:8000/v1", model: "m" }).capabilities.local).toBe(true);
    expect(createOpenAiCompatibleModel({ baseUrl: "https://api.openai.com/v1", model: "m" }).capabilities.local).toBe(false);
    expect(createOpenAiCompatibleModel({ baseUrl: "http://10.0.0.5:8000/v1", model: "m", local: true }).capabilities.local).toBe(true);
  });

  it("serves many concurrent calls over the shared pool", async () => {
    const subject = model({ maxConnections: 4 });
    try {
      const before = server.requests;
      const results = await Promise.all(Array.from({ length: 40 }, (_, index) => subject.generate(ask(`question ${index}`))));
      expect(results.map((result) => result.text)).toEqual(Array.from({ length: 40 }, (_, index) => `question ${index}`));
      expect(server.requests - before).toBe(40);
    } finally {
      await subject.close();
    }
  });
});
