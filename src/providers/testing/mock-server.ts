import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The shared core of the protocol mock servers: a node:http server on 127.0.0.1 that reads and
 * parses each body once, counts requests, and hands the protocol handler the fault in force. It is the
 * zero-latency upstream of the throughput benchmark, so the happy path does no file I/O.
 */
export type MockFault = (
  | { kind: "rate-limit"; retryAfterSeconds?: number }
  | { kind: "server-error"; status?: number }
  | { kind: "malformed-json" }
  | { kind: "cut-stream" }
  | { kind: "auth-error" }
) & {
  /** Applies to the next `times` requests only; forever when absent. */
  times?: number;
};

/** A recorded response replayed verbatim (fixtures), with the same `times` rule as faults. */
export interface MockRecordedResponse {
  status?: number;
  /** Default: `text/event-stream` when the body starts with `data:` or `event:`, else `application/json`. */
  contentType?: string;
  headers?: Record<string, string>;
  body: string;
  times?: number;
}

export interface MockServer {
  /** Base URL to give the adapter (`http://127.0.0.1:PORT/v1` for OpenAI, without `/v1` for Anthropic). */
  readonly url: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Parsed body of the last request. */
  readonly lastBody: unknown;
  /** Headers of the last request. */
  readonly lastHeaders: IncomingHttpHeaders | undefined;
  setFault(fault: MockFault | undefined): void;
  /** Replays a recorded response instead of computing one (faults win over replays). */
  setReplay(response: MockRecordedResponse | undefined): void;
  close(): Promise<void>;
}

export interface MockExchange {
  method: string;
  /** Path without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  response: ServerResponse;
  fault: MockFault | undefined;
  /** 1-based number of this request. */
  sequence: number;
}

export interface MockServerOptions {
  /** Port to listen on; default: any free port. */
  port?: number;
  /** Path prefix included in `url`. */
  basePath: string;
  /** Answers a request whose body was valid JSON. */
  handle: (exchange: MockExchange) => void;
  /** Answers a body that is not JSON (each protocol has its own error shape). */
  invalidBody: (response: ServerResponse) => void;
}

export function sendBody(response: ServerResponse, options: { status: number; contentType: string; body: string; headers?: Record<string, string> }): void {
  const headers: Record<string, string | number> = { "content-type": options.contentType, "content-length": Buffer.byteLength(options.body), ...options.headers };
  response.writeHead(options.status, headers);
  response.end(options.body);
}

export function startEventStream(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
}

/** Writes part of a response, then drops the connection: the client sees the body cut. */
export function cutAfter(response: ServerResponse, text: string, declaredLength?: number): void {
  if (declaredLength !== undefined && !response.headersSent) {
    response.writeHead(200, { "content-type": "application/json", "content-length": declaredLength });
  }
  response.write(text, () => {
    // Let the bytes reach the client before the reset, so the cut lands mid-body rather than before it.
    setTimeout(() => response.socket?.destroy(), 5);
  });
}

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  let requests = 0;
  let lastBody: unknown;
  let lastHeaders: IncomingHttpHeaders | undefined;
  let fault: MockFault | undefined;
  let faultRemaining = Infinity;
  let replay: MockRecordedResponse | undefined;
  let replayRemaining = Infinity;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    // A client that hangs up mid-request (an aborted call) must not crash the test process.
    request.on("error", () => undefined);
    response.on("error", () => undefined);
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests++;
      lastHeaders = request.headers;
      const text = chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      if (text !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          lastBody = undefined;
          options.invalidBody(response);
          return;
        }
      }
      lastBody = body;
      let activeFault: MockFault | undefined;
      if (fault && faultRemaining > 0) {
        activeFault = fault;
        faultRemaining--;
      }
      if (!activeFault && replay && replayRemaining > 0) {
        replayRemaining--;
        const recorded = replay;
        const streamed = /^(data|event):/.test(recorded.body);
        sendBody(response, {
          status: recorded.status ?? 200,
          contentType: recorded.contentType ?? (streamed ? "text/event-stream" : "application/json"),
          body: recorded.body,
          headers: recorded.headers ?? {},
        });
        return;
      }
      const url = request.url ?? "/";
      const query = url.indexOf("?");
      options.handle({
        method: request.method ?? "GET",
        path: query === -1 ? url : url.slice(0, query),
        headers: request.headers,
        body,
        response,
        fault: activeFault,
        sequence: requests,
      });
    });
  });
  // Outlive the client's idle sockets so the client, not the server, decides when a keep-alive ends.
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}${options.basePath}`,
    get requests() {
      return requests;
    },
    get lastBody() {
      return lastBody;
    },
    get lastHeaders() {
      return lastHeaders;
    },
    setFault(next) {
      fault = next;
      faultRemaining = next?.times ?? Infinity;
    },
    setReplay(next) {
      replay = next;
      replayRemaining = next?.times ?? Infinity;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
