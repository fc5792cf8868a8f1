import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";
import { chatChunkData, chatCompletionText, startScriptedUpstream, usageChunkData, type ScriptedUpstream } from "./testing/scripted-upstream.js";

let faulty: ScriptedUpstream;
let healthy: MockServer;
let test: TestGateway;
const upstreamKey = "sk-proj-Zq8uT3xW9mK2vB7nR4pL6yH1cD5fG0aE";

beforeAll(async () => {
  faulty = await startScriptedUpstream();
  healthy = await startOpenAiMockServer();
  test = await startTestGateway(
    {
      max_upstream_bytes: 4096,
      targets: { faulty: { base_url: faulty.url, api_key_env: "FAULTY_KEY" }, healthy: { base_url: healthy.url } },
      routes: { "mock-model": { targets: ["faulty"] }, "with-fallback": { targets: ["faulty"], fallbacks: ["healthy"] } },
    },
    { env: { FAULTY_KEY: upstreamKey } },
  );
});
afterAll(async () => {
  await test.close();
  await faulty.close();
  await healthy.close();
});

const post = (body: Record<string, unknown>): Promise<Response> =>
  fetch(`${test.baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "hi" }], ...body }) });

/** Reads an event stream to its end; `onText` sees each piece as it arrives. */
async function readAll(response: Response, onText: (text: string) => void = () => undefined): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    const piece = decoder.decode(value, { stream: true });
    text += piece;
    onText(text);
  }
}

describe("event streams framed with CRLF or CR", () => {
  for (const [name, newline] of [
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ] as const) {
    it(`relays ${name}-separated events as they come and records usage and cost`, async () => {
      let seeFirst: () => void = () => undefined;
      const firstSeen = new Promise<"client">((resolve) => (seeFirst = () => resolve("client")));
      let releasedBy: string | undefined;
      faulty.script(async (_request, response) => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(`data: ${chatChunkData("first")}${newline}${newline}`);
        // The rest waits until the client has the first event (or gives up after a while, and the test fails).
        releasedBy = await Promise.race([firstSeen, new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 3_000))]);
        response.end(`data: ${chatChunkData(" second")}${newline}${newline}data: ${usageChunkData(7, 2)}${newline}${newline}data: [DONE]${newline}${newline}`);
      });
      const response = await post({ model: "mock-model", stream: true });
      expect(response.status).toBe(200);
      const text = await readAll(response, (sofar) => {
        if (sofar.includes("first")) seeFirst();
      });
      expect(releasedBy).toBe("client");
      expect(text).toContain("second");
      expect(text).toContain("[DONE]");
      const [row] = await test.logs();
      expect(row).toMatchObject({ status: 200, stream: true, inputTokens: 7, outputTokens: 2, error: null });
      expect(row?.costUsd).toBeCloseTo((7 * 1 + 2 * 2) / 1e6, 12);
    });
  }
});

describe("200 answers that are not what the endpoint returns", () => {
  it("treats a 200 HTML page as an upstream failure and falls back before the first byte", async () => {
    faulty.script((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html><body>Welcome to nginx</body></html>"));
    const fellBack = await post({ model: "with-fallback" });
    expect(fellBack.status).toBe(200);
    expect(((await fellBack.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe("hi");
    const [row] = await test.logs();
    expect(row).toMatchObject({ target: "healthy", attempts: 2, status: 200 });

    const alone = await post({ model: "mock-model" });
    expect(alone.status).toBe(502);
    expect(await alone.json()).toMatchObject({ error: { type: "server_error", code: "upstream_invalid_response" } });
  });

  it("treats JSON without choices as a failure", async () => {
    faulty.script((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}'));
    const response = await post({ model: "mock-model" });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("choices");
  });

  it("treats a JSON answer to a stream request as not an event stream, and falls back", async () => {
    faulty.script((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(chatCompletionText("not a stream")));
    const fellBack = await post({ model: "with-fallback", stream: true });
    expect(fellBack.status).toBe(200);
    expect(await readAll(fellBack)).toContain("[DONE]");
    const alone = await post({ model: "mock-model", stream: true });
    expect(alone.status).toBe(502);
    expect(await alone.json()).toMatchObject({ error: { code: "upstream_invalid_response" } });
  });

  it("treats an event-stream content type over a body with no events as a failure before the first byte", async () => {
    faulty.script((_request, response) => response.writeHead(200, { "content-type": "text/event-stream" }).end("<html>gateway timeout</html>\n\n"));
    const response = await post({ model: "mock-model", stream: true });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "upstream_invalid_response" } });
  });

  it("ends a started stream whose later events are not JSON with a terminal error event", async () => {
    faulty.script((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(`data: ${chatChunkData("good")}\n\ndata: <html>oops</html>\n\ndata: ${chatChunkData("never")}\n\ndata: [DONE]\n\n`);
    });
    const response = await post({ model: "mock-model", stream: true });
    expect(response.status).toBe(200);
    const text = await readAll(response);
    expect(text).toContain("good");
    expect(text).not.toContain("data: <html>");
    expect(text).not.toContain("never");
    expect(text).toContain('"code":"upstream_invalid_response"');
    expect(text).not.toContain("[DONE]");
    const [row] = await test.logs();
    expect(row?.error).toBe("upstream_invalid_response");
  });
});

describe("the upstream answer size cap", () => {
  it("refuses a plain answer past gateway.max_upstream_bytes with a clear error", async () => {
    faulty.script((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(chatCompletionText("x".repeat(10_000))));
    const response = await post({ model: "mock-model" });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("upstream_response_too_large");
    expect(body.error.message).toContain("max_upstream_bytes");
  });

  it("stops a stream past the cap with a terminal error event", async () => {
    let seeFirst: () => void = () => undefined;
    const firstSeen = new Promise<void>((resolve) => (seeFirst = resolve));
    faulty.script(async (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(`data: ${chatChunkData("start")}\n\n`);
      await Promise.race([firstSeen, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      for (let index = 0; index < 100; index++) {
        if (!response.write(`data: ${chatChunkData("y".repeat(100))}\n\n`)) await new Promise((resolve) => response.once("drain", resolve));
      }
      response.end("data: [DONE]\n\n");
    });
    const response = await post({ model: "mock-model", stream: true });
    expect(response.status).toBe(200);
    const text = await readAll(response, (sofar) => {
      if (sofar.includes("start")) seeFirst();
    });
    expect(text).toContain('"code":"upstream_response_too_large"');
    expect(text).not.toContain("[DONE]");
    expect(text.length).toBeLessThan(8_192);
  });
});

describe("upstream error bodies", () => {
  it("are relayed with the gateway's key and anything like a secret masked", async () => {
    faulty.script((request, response) => {
      const sent = String(request.headers.authorization ?? "").replace(/^Bearer /, "");
      const body = JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${sent}. Your org token=AbCdEf0123456789GhIjKlMn and Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abc are invalid.`,
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      });
      response.writeHead(401, { "content-type": "application/json" }).end(body);
    });
    const response = await post({ model: "mock-model" });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(text).not.toContain(upstreamKey);
    expect(text).not.toContain("AbCdEf0123456789GhIjKlMn");
    expect(text).not.toContain("eyJhbGciOiJIUzI1NiJ9");
    expect(text).toContain("[SECRET]");
    expect(JSON.parse(text)).toMatchObject({ error: { type: "invalid_request_error", code: "invalid_api_key" } });
  });
});
