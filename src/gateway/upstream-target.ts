import { Pool } from "undici";

/**
 * An OpenAI-compatible upstream: one keep-alive undici pool per target. The API key is read once at
 * start-up and lives only in the authorization header built here; it is never logged or returned.
 */
export interface UpstreamTarget {
  readonly name: string;
  /** Model id sent upstream instead of the client's, when set. */
  readonly model: string | undefined;
  readonly pool: Pool;
  /** Path prefix of the base URL, e.g. `/v1`. */
  readonly basePath: string;
  /** Headers sent with every request (authorization included when a key is configured). */
  readonly headers: Readonly<Record<string, string>>;
  readonly hasKey: boolean;
  readonly timeoutMs: number;
}

export interface UpstreamTargetOptions {
  name: string;
  baseUrl: string;
  model?: string | undefined;
  apiKey?: string | undefined;
  headers?: Record<string, string> | undefined;
  timeoutMs: number;
  connections: number;
}

export function createUpstreamTarget(options: UpstreamTargetOptions): UpstreamTarget {
  const url = new URL(options.baseUrl);
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.apiKey !== undefined) headers["authorization"] = `Bearer ${options.apiKey}`;
  return {
    name: options.name,
    model: options.model,
    pool: new Pool(url.origin, {
      connections: options.connections,
      // One request per socket at a time: a slow generation must never hold up another.
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
    }),
    basePath: url.pathname.replace(/\/+$/, ""),
    headers,
    hasKey: options.apiKey !== undefined,
    timeoutMs: options.timeoutMs,
  };
}
