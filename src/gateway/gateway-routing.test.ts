import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";

let primary: MockServer;
let secondary: MockServer;
let hanging: Server;
let hangingUrl: string;
let test: TestGateway;

beforeAll(async () => {
  primary = await startOpenAiMockServer();
  secondary = await startOpenAiMockServer();
  // An upstream that accepts and never answers.
  hanging = createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/v1`;
  test = await startTestGateway({
    targets: {
      a: { base_url: primary.url },
      b: { base_url: secondary.url },
      slow: { base_url: hangingUrl, timeout_ms: 150 },
    },
    routes: {
      "with-fallback": { targets: ["a"], fallbacks: ["b"] },
      "with-retry": { targets: ["a"], retries: 1 },
      "times-out": { targets: ["slow"], fallbacks: ["b"] },
      "only-slow": { targets: ["slow"] },
      split: { targets: [{ target: "a", weight: 1 }, { target: "b", weight: 1 }], sticky_header: "x-user-id" },
      canary: { targets: [{ target: "a", weight: 100 }, { target: "b", weight: 0 }] },
    },
  });
});
afterEach(() => {
  primary.setFault(undefined);
  secondary.setFault(undefined);
});
afterAll(async () => {
  await test.close();
  await primary.close();
  await secondary.close();
  hanging.closeAllConnections();
  await new Promise((resolve) => hanging.close(resolve));
});

const ask = (model: string, options: { stream?: boolean; headers?: Record<string, string> } = {}): Promise<unknown> =>
  test.client().chat.completions.create({ model, messages: [{ role: "user", content: "route me" }], ...(options.stream ? { stream: true } : {}) } as never, { headers: options.headers ?? {} });

describe("routes", () => {
  it("fall back to the next target when the first fails before the first byte", async () => {
    primary.setFault({ kind: "server-error", times: 1 });
    const completion = (await ask("with-fallback")) as OpenAI.ChatCompletion;
    expect(completion.choices[0]?.message.content).toBe("route me");
    const [row] = await test.logs();
    expect(row).toMatchObject({ route: "with-fallback", target: "b", attempts: 2, status: 200 });
  });

  it("fall back for a stream that fails before its first byte", async () => {
    primary.setFault({ kind: "rate-limit", times: 1 });
    const stream = (await ask("with-fallback", { stream: true })) as AsyncIterable<OpenAI.ChatCompletionChunk>;
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("route me");
    expect((await test.logs())[0]).toMatchObject({ target: "b", attempts: 2 });
  });

  it("retry the same target", async () => {
    primary.setFault({ kind: "server-error", status: 503, times: 1 });
    await ask("with-retry");
    expect((await test.logs())[0]).toMatchObject({ target: "a", attempts: 2, status: 200 });
  });

  it("return the upstream's error when every attempt fails", async () => {
    primary.setFault({ kind: "server-error", status: 503 });
    await expect(ask("with-retry")).rejects.toMatchObject({ status: 503 });
    expect((await test.logs())[0]).toMatchObject({ attempts: 2, status: 503, error: "upstream_503" });
  });

  it("do not retry a request the upstream refuses as bad", async () => {
    primary.setFault({ kind: "auth-error" });
    await expect(ask("with-fallback")).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await test.logs())[0]).toMatchObject({ attempts: 1, status: 401 });
  });

  it("end a stream that breaks after the first byte with a terminal error event, never a clean stop", async () => {
    primary.setFault({ kind: "cut-stream" });
    const secondaryBefore = secondary.requests;
    const stream = (await ask("with-fallback", { stream: true })) as AsyncIterable<OpenAI.ChatCompletionChunk>;
    let chunks = 0;
    await expect(
      (async () => {
        for await (const _chunk of stream) chunks++;
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(chunks).toBeGreaterThan(0);
    const [row] = await test.logs();
    expect(row).toMatchObject({ target: "a", attempts: 1, error: "stream_interrupted" });
    // After the first byte there is no fallback: the client already holds part of an answer.
    expect(secondary.requests).toBe(secondaryBefore);
  });

  it("time a target out and fall back", async () => {
    const completion = (await ask("times-out")) as OpenAI.ChatCompletion;
    expect(completion.choices[0]?.message.content).toBe("route me");
    expect((await test.logs())[0]).toMatchObject({ target: "b", attempts: 2 });
    await expect(ask("only-slow")).rejects.toMatchObject({ status: 504 });
    expect((await test.logs())[0]).toMatchObject({ status: 504, error: "upstream_timeout" });
  });

  it("keep a user on one target of a weighted split, and spread users", async () => {
    const targetsOf = async (user: string): Promise<Set<string | null>> => {
      const seen = new Set<string | null>();
      for (let index = 0; index < 5; index++) {
        await ask("split", { headers: { "x-user-id": user } });
        seen.add((await test.logs())[0]?.target ?? null);
      }
      return seen;
    };
    const all = new Set<string | null>();
    for (const user of ["ann", "bob", "cid", "dee", "eve", "fay", "gus", "hal"]) {
      const seen = await targetsOf(user);
      expect(seen.size).toBe(1);
      for (const target of seen) all.add(target);
    }
    expect(all).toEqual(new Set(["a", "b"]));
  });

  it("never send traffic to a zero-weight canary", async () => {
    for (let index = 0; index < 20; index++) await ask("canary");
    const rows = (await test.logs()).slice(0, 20);
    expect(rows.every((row) => row.target === "a")).toBe(true);
  });
});
