import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Answers one request however a test wants: wrong framing, wrong bodies, huge bodies, echoed secrets. */
export type ScriptedAnswer = (request: IncomingMessage & { body: string }, response: ServerResponse) => unknown;

/**
 * A fault-injecting upstream: a real HTTP server on 127.0.0.1 whose every answer is the script the
 * test sets (the protocol mocks in src/providers/testing answer correctly; this one answers wrongly).
 */
export interface ScriptedUpstream {
  /** Base URL with `/v1`. */
  readonly url: string;
  readonly requests: number;
  script(answer: ScriptedAnswer): void;
  close(): Promise<void>;
}

export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  let answer: ScriptedAnswer = (_request, response) => {
    response.writeHead(500).end();
  };
  let requests = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests++;
      const withBody = Object.assign(request, { body: Buffer.concat(chunks).toString("utf8") });
      Promise.resolve(answer(withBody, response)).catch(() => response.destroy());
    });
    response.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    script(next) {
      answer = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One OpenAI chat chunk event's data (without framing). */
export function chatChunkData(content: string): string {
  return JSON.stringify({ id: "chatcmpl-s", object: "chat.completion.chunk", created: 1, model: "mock-model", choices: [{ index: 0, delta: { content }, finish_reason: null }] });
}

/** The usage-only final chunk's data. */
export function usageChunkData(prompt: number, completion: number): string {
  return JSON.stringify({ id: "chatcmpl-s", object: "chat.completion.chunk", created: 1, model: "mock-model", choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } });
}

/** A complete chat completion body. */
export function chatCompletionText(content: string): string {
  return JSON.stringify({
    id: "chatcmpl-s",
    object: "chat.completion",
    created: 1,
    model: "mock-model",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  });
}
