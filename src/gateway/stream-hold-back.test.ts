import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayHttpError } from "./openai-error.js";
import { StreamHoldBack } from "./stream-hold-back.js";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";
import { chatChunkData, startScriptedUpstream, usageChunkData, type ScriptedUpstream } from "./testing/scripted-upstream.js";

const refusal = new GatewayHttpError(400, { message: "blocked", type: "invalid_request_error", code: "content_policy_violation" });
const blockWord = (text: string): GatewayHttpError | undefined => (text.includes("BAD") ? refusal : undefined);

describe("StreamHoldBack", () => {
  it("lets events out once the window of content has come after them", () => {
    const hold = new StreamHoldBack({ window: 5, check: blockWord });
    expect(hold.push("e1", "abc")).toEqual({ release: "", blocked: undefined });
    expect(hold.push("e2", "abcdefgh")).toEqual({ release: "e1", blocked: undefined });
    expect(hold.push("e3", "abcdefghijklm")).toEqual({ release: "e2", blocked: undefined });
    expect(hold.finish("abcdefghijklm")).toEqual({ release: "e3", blocked: undefined });
  });

  it("blocks a term cut across two chunks before any of it is let out", () => {
    const hold = new StreamHoldBack({ window: 4, check: blockWord });
    expect(hold.push("e1", "hello ").release).toBe("");
    expect(hold.push("e2", "hello world, B").release).toBe("e1");
    expect(hold.push("e3", "hello world, BAD").blocked).toBe(refusal);
  });
});

let upstream: ScriptedUpstream;
let test: TestGateway;
const preamble = "Here is a long and friendly preamble of text that goes on. ";

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  test = await startTestGateway({
    targets: { up: { base_url: upstream.url } },
    routes: { "*": { targets: ["up"] } },
    guards: { toxicity: { action: "block", stream_hold_chars: 40 } },
  });
});
afterAll(async () => {
  await test.close();
  await upstream.close();
});

let clientSaw: () => void = () => undefined;

/**
 * Streams `before`, waits until the client has seen its first bytes (so the stream is committed), then
 * streams `after`, usage and [DONE].
 */
function streamPieces(before: string[], after: string[]): void {
  const seen = new Promise<void>((resolve) => (clientSaw = resolve));
  upstream.script(async (_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    for (const piece of before) response.write(`data: ${chatChunkData(piece)}\n\n`);
    if (after.length > 0) await Promise.race([seen, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    for (const piece of after) {
      response.write(`data: ${chatChunkData(piece)}\n\n`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    response.end(`data: ${usageChunkData(4, 9)}\n\ndata: [DONE]\n\n`);
  });
}

async function streamed(): Promise<{ status: number; text: string }> {
  const response = await fetch(`${test.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    clientSaw();
  }
  return { status: response.status, text };
}

describe("the toxicity guard's hold-back window on streams", () => {
  it("stops toxic text cut across chunks before the client sees any of it", async () => {
    streamPieces([preamble, preamble], ["and now: you are a fuck", "ing idiot", " the end"]);
    const { status, text } = await streamed();
    expect(status).toBe(200);
    expect(text).toContain("preamble");
    expect(text).not.toMatch(/fuck/);
    expect(text).toContain('"code":"content_policy_violation"');
    expect(text).not.toContain("[DONE]");
    const [row] = await test.logs();
    expect(row).toMatchObject({ error: "content_policy_violation", guardActions: [expect.objectContaining({ guard: "toxicity", action: "blocked" })] });
  });

  it("answers a plain 400 when the toxic text comes within the first window", async () => {
    streamPieces(["you are a fucking idiot", preamble], []);
    const { status, text } = await streamed();
    expect(status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "content_policy_violation" } });
  });

  it("relays a clean stream whole, with [DONE], once, and records its usage", async () => {
    streamPieces([preamble, preamble], ["have a nice day", preamble]);
    const { status, text } = await streamed();
    expect(status).toBe(200);
    const content = [...text.matchAll(/"content":"([^"]*)"/g)].map((match) => match[1]).join("");
    expect(content).toBe(`${preamble}${preamble}have a nice day${preamble}`);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    const [row] = await test.logs();
    expect(row).toMatchObject({ status: 200, error: null, inputTokens: 4, outputTokens: 9, guardActions: [] });
  });
});
