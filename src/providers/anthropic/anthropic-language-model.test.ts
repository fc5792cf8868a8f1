import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isTuneopsError, type TuneopsError } from "../../spec/errors.js";
import type { GenerateRequest, StreamPart } from "../../spec/language-model.js";
import { describeLanguageModelConformance } from "../provider.conformance.js";
import { startAnthropicMockServer } from "../testing/anthropic-mock-server.js";
import type { MockServer } from "../testing/mock-server.js";
import { createAnthropicModel, type AnthropicModelOptions } from "./anthropic-language-model.js";

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

let server: MockServer;
beforeAll(async () => {
  server = await startAnthropicMockServer({ apiKey: "sk-ant-test" });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setFault(undefined);
  server.setReplay(undefined);
});

const ask = (text: string): GenerateRequest => ({ prompt: { kind: "chat", messages: [{ role: "user", content: text }] } });

function model(extra: Partial<AnthropicModelOptions> = {}) {
  return createAnthropicModel({ baseUrl: server.url, model: "claude-3-5-haiku-latest", apiKey: "sk-ant-test", ...extra });
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

const textOf = (parts: StreamPart[]): string => parts.map((part) => (part.type === "text-delta" ? part.text : "")).join("");

describeLanguageModelConformance({
  name: "anthropic against the Anthropic mock server",
  create: async () => model(),
  request: () => ask("What is the refund window?"),
  deterministic: true,
});

describe("anthropic adapter", () => {
  it("sends system at the top level, headers, max_tokens by default, and maps settings", async () => {
    const subject = model();
    try {
      const result = await subject.generate({
        prompt: {
          kind: "chat",
          messages: [
            { role: "system", content: "Be brief." },
            { role: "user", content: "hello there" },
          ],
        },
        temperature: 0.1,
        topP: 0.8,
        stop: ["END"],
        providerOptions: { metadata: { user_id: "u-1" } },
      });
      expect(server.lastBody).toEqual({
        model: "claude-3-5-haiku-latest",
        max_tokens: 1024,
        system: "Be brief.",
        messages: [{ role: "user", content: "hello there" }],
        temperature: 0.1,
        top_p: 0.8,
        stop_sequences: ["END"],
        metadata: { user_id: "u-1" },
      });
      expect(server.lastHeaders?.["x-api-key"]).toBe("sk-ant-test");
      expect(server.lastHeaders?.["anthropic-version"]).toBe("2023-06-01");
      // 3 + (3 + 2 words system) + (3 + 2 words user) = 13 input tokens.
      expect(result).toMatchObject({ text: "hello there", finishReason: "stop", usage: { inputTokens: 13, outputTokens: 2, breakdown: { cacheReadTokens: 0, cacheWriteTokens: 0 } } });
      expect(result.responseId).toMatch(/^msg_mock_/);
      expect(result.warnings).toBeUndefined();
    } finally {
      await subject.close();
    }
  });

  it("reports settings the API cannot honour as warnings", async () => {
    const subject = model();
    try {
      const result = await subject.generate({ prompt: { kind: "text", text: "hi" }, seed: 3, responseFormat: { type: "json" }, maxOutputTokens: 5 });
      expect(server.lastBody).toMatchObject({ max_tokens: 5, messages: [{ role: "user", content: "hi" }] });
      expect(result.warnings?.map((warning) => warning.setting)).toEqual(["seed", "responseFormat"]);
      const parts = await collect(subject.stream({ prompt: { kind: "text", text: "hi" }, seed: 3 }));
      expect(parts.at(-1)).toMatchObject({ type: "finish", warnings: [{ setting: "seed" }] });
    } finally {
      await subject.close();
    }
  });

  it("maps max_tokens to a length finish", async () => {
    const subject = model();
    try {
      expect(await subject.generate({ ...ask("a b c d e"), maxOutputTokens: 3 })).toMatchObject({ text: "a b c", finishReason: "length" });
    } finally {
      await subject.close();
    }
  });

  it("streams the event sequence with usage from message_start and message_delta", async () => {
    const subject = model();
    try {
      const parts = await collect(subject.stream(ask("alpha beta gamma")));
      expect(server.lastBody).toMatchObject({ stream: true });
      expect(textOf(parts)).toBe("alpha beta gamma");
      expect(parts.at(-1)).toEqual({ type: "finish", finishReason: "stop", usage: { inputTokens: 9, outputTokens: 3, breakdown: { cacheReadTokens: 0, cacheWriteTokens: 0 } }, responseId: expect.stringMatching(/^msg_mock_/) as unknown });
    } finally {
      await subject.close();
    }
  });

  it("normalises prompt-cache usage from recorded responses (input includes cache reads and writes)", async () => {
    const subject = model();
    try {
      server.setReplay({ body: fixture("message-prompt-cache.json"), times: 1 });
      const result = await subject.generate(ask("themes?"));
      expect(result.usage).toEqual({ inputTokens: 21 + 188086, outputTokens: 393, breakdown: { cacheReadTokens: 0, cacheWriteTokens: 188086 } });
      expect(result.finishReason).toBe("stop");

      server.setReplay({ body: fixture("message-stream-cache.sse"), times: 1 });
      const parts = await collect(subject.stream(ask("hello")));
      expect(textOf(parts)).toBe("Hello! How can I help?");
      expect(parts.at(-1)).toEqual({
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 14 + 1800, outputTokens: 12, breakdown: { cacheReadTokens: 1800, cacheWriteTokens: 0 } },
        responseId: "msg_01XFDUDYJgAACzvnptvVoYEL",
        // The dated model id the recorded stream answered with is its model version.
        modelVersion: "claude-3-5-haiku-20241022",
      });
    } finally {
      await subject.close();
    }
  });

  it("reads recorded tool use, skipping thinking blocks, in both modes", async () => {
    const subject = model();
    try {
      server.setReplay({ body: fixture("message-tool-use.json"), times: 1 });
      const result = await subject.generate(ask("weather?"));
      expect(result.text).toBe("I'll check the current weather in San Francisco for you.");
      expect(result.finishReason).toBe("tool-calls");
      expect(result.toolCalls).toEqual([{ id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' }]);

      server.setReplay({ body: fixture("message-stream-tool-use.sse"), times: 1 });
      const parts = await collect(subject.stream(ask("weather?")));
      expect(parts.filter((part) => part.type === "tool-call")).toEqual([
        { type: "tool-call", toolCall: { id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: '{"location": "San Francisco, CA"}' } },
      ]);
      expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: "tool-calls", usage: { inputTokens: 472, outputTokens: 89 } });
    } finally {
      await subject.close();
    }
  });

  it("round-trips tool calls: tool_use out, tool_result back in a user turn", async () => {
    const subject = model();
    const tools = [{ name: "lookup", description: "Look up an order", parameters: { type: "object", properties: { input: { type: "string" } } } }];
    try {
      const first = await subject.generate({ ...ask("order 42"), tools });
      expect(server.lastBody).toMatchObject({ tools: [{ name: "lookup", description: "Look up an order", input_schema: { type: "object" } }] });
      const call = first.toolCalls?.[0];
      expect(first.finishReason).toBe("tool-calls");
      expect(call).toMatchObject({ name: "lookup", arguments: '{"input":"order 42"}' });
      if (!call) return;
      const second = await subject.generate({
        prompt: {
          kind: "chat",
          messages: [
            { role: "user", content: "order 42" },
            { role: "assistant", content: "Let me look.", toolCalls: [call] },
            { role: "tool", content: "shipped", toolCallId: call.id },
          ],
        },
        tools,
      });
      expect(server.lastBody).toMatchObject({
        messages: [
          { role: "user", content: "order 42" },
          { role: "assistant", content: [{ type: "text", text: "Let me look." }, { type: "tool_use", id: call.id, name: "lookup", input: { input: "order 42" } }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "shipped" }] },
        ],
      });
      expect(second).toMatchObject({ text: "shipped", finishReason: "stop" });

      const parts = await collect(subject.stream({ ...ask("order 43"), tools }));
      expect(parts.filter((part) => part.type === "tool-call")).toEqual([
        { type: "tool-call", toolCall: { id: expect.stringMatching(/^toolu_mock_/) as unknown, name: "lookup", arguments: '{"input":"order 43"}' } },
      ]);
    } finally {
      await subject.close();
    }
  });

  it("classifies 429 with retry-after as rate limited, for the next request only", async () => {
    server.setFault({ kind: "rate-limit", retryAfterSeconds: 30, times: 1 });
    const subject = model();
    try {
      const error = await failure(subject.generate(ask("hi")));
      expect(error).toMatchObject({ code: "provider_rate_limited", isRetryable: true, retryAfterMs: 30_000, statusCode: 429 });
      expect(error.message).toContain(`${server.url}/v1/messages`);
      await expect(subject.generate(ask("hi"))).resolves.toMatchObject({ text: "hi" });
    } finally {
      await subject.close();
    }
  });

  it("classifies 529 overloaded and 500 as unavailable, retryable, before and inside a stream", async () => {
    const subject = model();
    try {
      server.setFault({ kind: "server-error" });
      expect(await failure(subject.generate(ask("hi")))).toMatchObject({ code: "provider_unavailable", isRetryable: true, statusCode: 529 });
      server.setFault({ kind: "server-error", status: 500 });
      expect(await failure(collect(subject.stream(ask("hi"))))).toMatchObject({ code: "provider_unavailable", statusCode: 500 });
      server.setFault(undefined);
      server.setReplay({ body: fixture("stream-error-overloaded.sse") });
      const error = await failure(collect(subject.stream(ask("hi"))));
      expect(error).toMatchObject({ code: "provider_unavailable", isRetryable: true });
      expect(error.message).toContain("overloaded_error");
    } finally {
      await subject.close();
    }
  });

  it("classifies malformed JSON as a bad, retryable response", async () => {
    server.setFault({ kind: "malformed-json" });
    const subject = model();
    try {
      expect(await failure(subject.generate(ask("hi")))).toMatchObject({ code: "provider_bad_response", isRetryable: true });
      expect(await failure(collect(subject.stream(ask("hi"))))).toMatchObject({ code: "provider_bad_response", isRetryable: true });
    } finally {
      await subject.close();
    }
  });

  it("classifies a stream cut before message_stop as interrupted and retryable", async () => {
    server.setFault({ kind: "cut-stream" });
    const subject = model();
    const seen: StreamPart[] = [];
    try {
      const error = await failure(
        (async () => {
          for await (const part of subject.stream(ask("one two three four five six seven eight nine ten"))) seen.push(part);
        })(),
      );
      expect(error).toMatchObject({ code: "provider_stream_interrupted", isRetryable: true });
      expect(seen.some((part) => part.type === "text-delta")).toBe(true);
      expect(seen.some((part) => part.type === "finish")).toBe(false);
      server.setFault(undefined);
      // A body that ends cleanly but without message_stop is cut too.
      server.setReplay({ body: fixture("message-stream-cache.sse").split("event: message_delta")[0] ?? "" });
      expect(await failure(collect(subject.stream(ask("hi"))))).toMatchObject({ code: "provider_stream_interrupted" });
    } finally {
      await subject.close();
    }
  });

  it("classifies a bad key as an auth error naming ANTHROPIC_API_KEY, never echoing the key", async () => {
    const subject = model({ apiKey: "sk-ant-wrong-0001" });
    try {
      const error = await failure(subject.generate(ask("hi")));
      expect(error).toMatchObject({ code: "provider_auth", isRetryable: false, statusCode: 401 });
      expect(error.hint).toContain("ANTHROPIC_API_KEY");
      expect(error.message).toContain("invalid x-api-key");
      expect(error.message).not.toContain("sk-ant-wrong-0001");
    } finally {
      await subject.close();
    }
  });

  it("classifies an invalid request as a non-retryable bad request", async () => {
    const subject = model();
    try {
      const error = await failure(subject.generate({ ...ask("hi"), providerOptions: { max_tokens: "many" } }));
      expect(error).toMatchObject({ code: "provider_bad_request", isRetryable: false, statusCode: 400 });
      expect(error.message).toContain("max_tokens");
    } finally {
      await subject.close();
    }
  });
});
