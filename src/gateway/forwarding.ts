import type { ServerResponse } from "node:http";
import type { Exchange } from "./exchange.js";
import { overheadMs } from "./exchange.js";
import type { GatewayRuntime } from "./gateway-runtime.js";
import type { Route } from "./route-table.js";
import type { ForwardedBody } from "./wire-schemas.js";

/** One request on its way upstream. */
export interface Forwarding {
  runtime: GatewayRuntime;
  exchange: Exchange;
  route: Route;
  /** The endpoint path after the base URL's `/v1`, e.g. `/chat/completions`. */
  path: string;
  body: ForwardedBody;
  /** The client's bytes, sent as they are when nothing needs changing. */
  bytes: Buffer;
  /** The body was changed (guards) and must be serialised again. */
  changed: boolean;
  response: ServerResponse;
  signal: AbortSignal;
  stickyValue: string | undefined;
  clientAuthorization: string | undefined;
  cacheKey: string | undefined;
  /** Stores a complete answer in the cache(s). */
  remember: ((answer: { status: number; contentType: string; body: Buffer }) => void) | undefined;
}

export function responseHeaders(forwarding: Forwarding, contentType: string): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-request-id": forwarding.exchange.id,
    "x-tuneops-overhead-ms": overheadMs(forwarding.exchange).toFixed(3),
  };
  if (forwarding.cacheKey !== undefined) headers["x-tuneops-cache"] = "miss";
  return headers;
}

