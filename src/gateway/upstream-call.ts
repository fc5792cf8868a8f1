import type { Dispatcher } from "undici";
import type { UpstreamTarget } from "./upstream-target.js";

/** Why an upstream attempt failed before anything reached the client. */
export interface AttemptFailure {
  /** The upstream's status and body when it answered with an error. */
  status?: number;
  contentType?: string;
  body?: Buffer;
  /** A network error or timeout when it did not answer. */
  error?: unknown;
  retryable: boolean;
}

/** 408, 409 (OpenAI's "try again"), 429 and 5xx may succeed on another try or target; other 4xx are the request's fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT";
}

export async function readAll(body: Dispatcher.ResponseData["body"]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
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
