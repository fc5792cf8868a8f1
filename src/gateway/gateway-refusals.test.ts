import { createHash } from "node:crypto";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startOpenAiMockServer, type MockServer } from "../providers/testing/index.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";

let upstream: MockServer;
let test: TestGateway;
let port: number;
const teamKey = "tk-team-0123456789abcdef";

beforeAll(async () => {
  upstream = await startOpenAiMockServer();
  test = await startTestGateway(
    { targets: { mock: { base_url: upstream.url } }, routes: { "mock-model": { targets: ["mock"] } }, keys: { team: { sha256: createHash("sha256").update(teamKey).digest("hex") } } },
  );
  port = Number(new URL(test.gateway.url).port);
});
afterAll(async () => {
  await test.close();
  await upstream.close();
});

/** A raw connection to the gateway: writes what the test says, collects what comes back until it closes or `until` matches. */
function rawExchange(write: (socket: Socket) => void, until: (text: string) => boolean = () => false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    const finish = (): void => {
      socket.destroy();
      resolve(text);
    };
    const timer = setTimeout(finish, 3_000);
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (until(text)) {
        clearTimeout(timer);
        finish();
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on("connect", () => write(socket));
  });
}

const metric = async (name: string): Promise<number> => {
  const text = await (await fetch(`${test.gateway.url}/metrics`)).text();
  const line = text.split("\n").find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
};

const answered = (text: string): boolean => {
  const head = text.indexOf("\r\n\r\n");
  const length = /content-length: (\d+)/i.exec(text)?.[1];
  return head !== -1 && length !== undefined && text.length >= head + 4 + Number(length);
};

describe("refusing cheaply", () => {
  it("answers an unauthenticated request 401 before its body is read, counts it and logs no row", async () => {
    const before = await metric("tuneops_gateway_unauthenticated_total");
    const rowsBefore = (await test.logs()).length;
    // Headers announce 4 MB; only a few bytes follow. The answer must come without the rest.
    const text = await rawExchange((socket) => socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: ${4 * 1024 * 1024}\r\n\r\n{"model":`), answered);
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4))).toMatchObject({ error: { code: "invalid_api_key", type: "invalid_request_error" } });
    expect(await metric("tuneops_gateway_unauthenticated_total")).toBe(before + 1);
    expect((await test.logs()).length).toBe(rowsBefore);
  });

  it("keeps the connection of a small unauthenticated request usable", async () => {
    const response = await fetch(`${test.baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "mock-model", messages: [{ role: "user", content: "hi" }] }) });
    expect(response.status).toBe(401);
    const ok = await test.client(teamKey).chat.completions.create({ model: "mock-model", messages: [{ role: "user", content: "hi" }] });
    expect(ok.choices[0]?.message.content).toBe("hi");
  });

  it("records a client that hangs up mid-body as a 499 client abort, without a stack trace", async () => {
    const warnings = vi.spyOn(process, "emitWarning");
    await rawExchange((socket) => {
      socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer ${teamKey}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":"mock-`, () => setTimeout(() => socket.destroy(), 20));
    });
    let row: Awaited<ReturnType<TestGateway["logs"]>>[number] | undefined;
    for (let tries = 0; tries < 50 && row?.status !== 499; tries++) {
      row = (await test.logs())[0];
      if (row?.status !== 499) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(row).toMatchObject({ status: 499, error: "client_closed" });
    expect(warnings.mock.calls.filter(([message]) => String(message).includes("tuneops gateway"))).toEqual([]);
    warnings.mockRestore();
  });

  it("answers Node's parser errors in OpenAI's error shape", async () => {
    const badLength = await rawExchange((socket) => socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: abc\r\n\r\n"));
    expect(badLength).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(badLength.slice(badLength.indexOf("\r\n\r\n") + 4))).toMatchObject({ error: { type: "invalid_request_error", code: "invalid_content_length" } });
    const bigHeaders = await rawExchange((socket) => socket.write(`GET /healthz HTTP/1.1\r\nHost: gw\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`));
    expect(bigHeaders).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(bigHeaders.slice(bigHeaders.indexOf("\r\n\r\n") + 4))).toMatchObject({ error: { code: "headers_too_large" } });
    expect(await metric("tuneops_gateway_client_errors_total")).toBeGreaterThan(0);
  });
});
