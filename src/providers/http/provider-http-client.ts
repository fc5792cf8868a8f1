import type { Dispatcher } from "undici";
import { TuneopsError } from "../../spec/errors.js";
import { acquirePool, type PoolLease } from "./pool-registry.js";
import {
  abortedError,
  badResponseError,
  errorFromHttpStatus,
  errorFromTransport,
  type ProviderErrorContext,
} from "./provider-errors.js";
import type { ResponseHeaders } from "./retry-after.js";
import { SseParser, type SseEvent } from "./sse-parser.js";

export interface ProviderHttpClientOptions {
  /** Base URL; request paths are appended to its path (`http://host/v1` + `/chat/completions`). */
  baseUrl: string;
  /** Headers sent with every request (auth included); built once, never copied per request. */
  headers: Record<string, string>;
  /** Longest wait for the response head, and longest silence inside a body, in ms. */
  timeoutMs?: number;
  /** Sockets open at once to the origin. */
  maxConnections?: number;
  provider: string;
  apiKeyEnv?: string;
  secrets?: readonly string[];
}

/** Default: ten minutes, like the official SDKs; local CPU models can be slow to answer. */
export const defaultTimeoutMs = 600_000;
export const defaultMaxConnections = 64;

interface Endpoint {
  path: string;
  context: ProviderErrorContext;
}

/**
 * The shared HTTP plumbing of hosted-model adapters: POST a JSON body, get parsed JSON or SSE events
 * back, with every failure classified as a `TuneopsError`. It never retries: the runner does, honouring
 * `retryAfterMs`.
 */
export class ProviderHttpClient {
  private readonly origin: string;
  private readonly pathPrefix: string;
  private readonly search: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly options: ProviderHttpClientOptions;
  private readonly endpoints = new Map<string, Endpoint>();
  private lease: PoolLease | undefined;
  private closed = false;

  constructor(options: ProviderHttpClientOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.pathPrefix = url.pathname.replace(/\/+$/, "");
    this.search = url.search;
    this.headers = { "content-type": "application/json", ...options.headers };
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.options = options;
  }

  /** The full URL of a path, for messages and logs. */
  urlOf(path: string): string {
    return `${this.origin}${this.endpoint(path).path}`;
  }

  errorContext(path: string): ProviderErrorContext {
    return this.endpoint(path).context;
  }

  /** POSTs JSON and returns the parsed JSON body of a 2xx response. */
  async postJson(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const endpoint = this.endpoint(path);
    const response = await this.send(endpoint, body, signal);
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw errorFromTransport({ error, context: endpoint.context, phase: "body", signal, timeoutMs: this.timeoutMs });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw badResponseError(endpoint.context, `invalid JSON (${text.length} bytes, starting ${JSON.stringify(text.slice(0, 60))})`, error);
    }
  }

  /**
   * POSTs JSON and yields the SSE events of the response. Ends when the body ends; deciding whether the
   * stream was complete is the protocol's business (the caller's). Breaking out of the loop releases the
   * socket.
   */
  async *postSse(path: string, body: unknown, signal?: AbortSignal): AsyncGenerator<SseEvent, void, undefined> {
    const endpoint = this.endpoint(path);
    const response = await this.send(endpoint, body, signal);
    const contentType = headerText(response.headers, "content-type");
    if (contentType.includes("application/json")) {
      const text = await response.body.text().catch(() => "");
      throw badResponseError(endpoint.context, `expected an event stream (text/event-stream) but got JSON: ${text.slice(0, 200)}`);
    }
    const parser = new SseParser();
    const stream = response.body;
    stream.setEncoding("utf8");
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        const events = parser.push(chunk);
        for (const event of events) yield event;
      }
      parser.end();
    } catch (error) {
      throw errorFromTransport({ error, context: endpoint.context, phase: "body", signal, timeoutMs: this.timeoutMs });
    } finally {
      if (!stream.destroyed) stream.destroy();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release();
  }

  private endpoint(path: string): Endpoint {
    let endpoint = this.endpoints.get(path);
    if (!endpoint) {
      const fullPath = `${this.pathPrefix}${path}${this.search}`;
      const context: ProviderErrorContext = { provider: this.options.provider, url: `${this.origin}${fullPath}` };
      if (this.options.apiKeyEnv !== undefined) context.apiKeyEnv = this.options.apiKeyEnv;
      if (this.options.secrets !== undefined) context.secrets = this.options.secrets;
      endpoint = { path: fullPath, context };
      this.endpoints.set(path, endpoint);
    }
    return endpoint;
  }

  private pool(): PoolLease {
    if (this.closed) throw new TuneopsError({ code: "internal", message: `${this.options.provider} at ${this.origin}: the model was closed` });
    this.lease ??= acquirePool({ origin: this.origin, connections: this.options.maxConnections ?? defaultMaxConnections });
    return this.lease;
  }

  /** Sends the request; resolves with a 2xx response, throws a classified error otherwise. */
  private async send(endpoint: Endpoint, body: unknown, signal: AbortSignal | undefined): Promise<Dispatcher.ResponseData> {
    if (signal?.aborted) throw abortedError(endpoint.context, signal.reason);
    let response: Dispatcher.ResponseData;
    try {
      const request: Dispatcher.RequestOptions = {
        origin: this.origin,
        path: endpoint.path,
        method: "POST",
        headers: this.headers,
        body: JSON.stringify(body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      };
      if (signal) request.signal = signal;
      response = await this.pool().pool.request(request);
    } catch (error) {
      throw errorFromTransport({ error, context: endpoint.context, phase: "request", signal, timeoutMs: this.timeoutMs });
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return response;
    const bodyText = await response.body.text().catch(() => "");
    throw errorFromHttpStatus({ status: response.statusCode, headers: response.headers, bodyText, context: endpoint.context });
  }
}

function headerText(headers: ResponseHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** Whether a base URL points at this machine (the data never leaves it). */
export function isLoopbackUrl(baseUrl: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(baseUrl).hostname;
  } catch {
    return false;
  }
  return hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname.endsWith(".localhost");
}
