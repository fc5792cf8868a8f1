import type { PriceTable } from "../cost/price-table.js";
import type { GatewayStore } from "../spec/gateway-store.js";
import type { GatewayMetrics } from "./gateway-metrics.js";
import type { GuardAction } from "../spec/gateway-store.js";
import type { GatewayHttpError } from "./openai-error.js";
import type { RequestLogger } from "./request-logger.js";
import type { ResponseCache } from "./response-cache.js";
import type { RouteTable } from "./route-table.js";
import type { SemanticCache } from "./semantic-cache.js";
import type { UpstreamTarget } from "./upstream-target.js";
import type { LiveKeys } from "./live-keys.js";
import type { GatewayLimitState } from "../spec/gateway-limits.js";

/** Everything a running gateway shares between requests (built once from the configuration). */
export interface GatewayRuntime {
  routes: RouteTable;
  targets: readonly UpstreamTarget[];
  /**
   * The virtual keys in force, kept live. While none was ever in force (`keys.enabled` false) requests
   * need no key, and a target with no key of its own gets the client's authorization header.
   */
  keys: LiveKeys;
  /** Per-key rates and budgets: reserved at admission, settled when the request ends. */
  limits: GatewayLimitState;
  cache: ResponseCache | undefined;
  /** Opt-in, for single-turn chat requests; only with the exact cache. */
  semanticCache: SemanticCache | undefined;
  guards: GatewayGuards;
  logger: RequestLogger;
  metrics: GatewayMetrics;
  store: GatewayStore;
  prices: PriceTable;
  maxBodyBytes: number;
  /** Largest upstream answer relayed, bytes (`gateway.max_upstream_bytes`). */
  maxUpstreamBytes: number;
  logBodies: boolean;
  /** Share of successful requests written to the log, 0 to 1 (0 with logging disabled); failures are always written unless this is 0. */
  logSampleRate: number;
  /** Redacts PII from logged bodies; undefined when bodies are stored as they are. */
  redactText: ((text: string) => string) | undefined;
  /** False while draining on shutdown (/readyz answers 503). */
  ready: boolean;
}

/** What the request path asks of guards (guards.ts; loaded only when a guard is configured). */
export interface GatewayGuards {
  readonly checksRequests: boolean;
  readonly checksResponses: boolean;
  /** Content characters a stream is held back by so a blocking response guard sees text before the client; 0: none. */
  readonly streamHoldChars: number;
  /** Redacts the body in place; true when it changed. Throws a GatewayHttpError when it refuses. */
  guardRequest(body: Record<string, unknown>, actions: GuardAction[]): boolean;
  /** The error to answer with when the response is blocked, else undefined. */
  guardResponse(text: string, actions: GuardAction[]): GatewayHttpError | undefined;
}

export const noGuards: GatewayGuards = {
  checksRequests: false,
  checksResponses: false,
  streamHoldChars: 0,
  guardRequest: () => false,
  guardResponse: () => undefined,
};
