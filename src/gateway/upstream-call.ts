import type { Dispatcher } from "undici";
import { GatewayHttpError } from "./openai-error.js";
import type { UpstreamTarget } from "./upstream-target.js";

/** Why an upstream attempt failed before anything reached the client. */
export interface AttemptFailure {
  /** The upstream's status and body when it answered with an error. */
  status?: number;
  contentType?: string;
  body?: Buffer;
  /** A network error or timeout when it did not answer. */
  error?: unknown;
  /** The gateway's own answer when the upstream answered but the answer cannot be trusted (not JSON, not SSE, too large). */
  refusal?: GatewayHttpError;
  retryable: boolean;
}

/** The default of `gateway.max_upstream_bytes`: larger than any real completion, small enough that a runaway upstream cannot fill memory. */
export const defaultMaxUpstreamBytes = 16 * 1024 * 1024;

/** Thrown by `readAll` when an upstream answer passes the cap; the read stops there. */
export class UpstreamTooLargeError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`the upstream answer is larger than ${maxBytes} bytes`);
    this.name = "UpstreamTooLargeError";
    this.maxBytes = maxBytes;
  }
}

/** The answer for an upstream answer past the cap. */
export function upstreamTooLarge(maxBytes: number): GatewayHttpError {
  return new GatewayHttpError(502, {
    message: `The upstream's answer is larger than ${maxBytes} bytes, the gateway's limit (gateway.max_upstream_bytes); the answer was not relayed.`,
    type: "server_error",
    code: "upstream_response_too_large",
  });
}

/** The answer for an upstream whose 200 is not what the endpoint returns (an HTML page, cut JSON, a stream that is not SSE). */
export function upstreamInvalid(what: string): GatewayHttpError {
  return new GatewayHttpError(502, { message: `The upstream answered with ${what}, not a valid OpenAI answer.`, type: "server_error", code: "upstream_invalid_response" });
}

/** 408, 409 (OpenAI's "try again"), 429 and 5xx may succeed on another try or target; other 4xx are the request's fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT";
}

/** Reads a whole upstream body; past `maxBytes` it stops reading (the socket is dropped) and throws `UpstreamTooLargeError`. */
export async function readAll(body: Dispatcher.ResponseData["body"], maxBytes = defaultMaxUpstreamBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new UpstreamTooLargeError(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Sends one request upstream; resolves with the response (any status) or rejects on a network error or timeout. */
export function callUpstream(options: {
  target: UpstreamTarget;
  path: string;
  method: "GET" | "POST";
  body?: Buffer | string;
  clientAuthorization?: string | undefined;
  signal: AbortSignal;
}): Promise<Dispatcher.ResponseData> {
  const { target } = options;
  // A target with its own key never sees the client's; one without gets it (a transparent proxy).
  const headers = options.clientAuthorization === undefined || target.hasKey ? target.headers : { ...target.headers, authorization: options.clientAuthorization };
  return target.pool.request({
    path: target.basePath + options.path,
    method: options.method,
    headers,
    body: options.body ?? null,
    headersTimeout: target.timeoutMs,
    bodyTimeout: target.timeoutMs,
    signal: options.signal,
  });
}
