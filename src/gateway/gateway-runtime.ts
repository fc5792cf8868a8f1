import type { PriceTable } from "../cost/price-table.js";
import type { GatewayStore } from "../spec/gateway-store.js";
import type { GatewayMetrics } from "./gateway-metrics.js";
import type { Guards } from "./guards.js";
import type { RequestLogger } from "./request-logger.js";
import type { ResponseCache } from "./response-cache.js";
import type { RouteTable } from "./route-table.js";
import type { UpstreamTarget } from "./upstream-target.js";
import type { KeyRing } from "./virtual-keys.js";

/** Everything a running gateway shares between requests (built once from the configuration). */
export interface GatewayRuntime {
  routes: RouteTable;
  targets: readonly UpstreamTarget[];
  /** Undefined when no virtual key is configured: requests need no key. */
  keys: KeyRing | undefined;
  cache: ResponseCache | undefined;
  guards: Guards;
  logger: RequestLogger;
  metrics: GatewayMetrics;
  store: GatewayStore;
  prices: PriceTable;
  maxBodyBytes: number;
  logBodies: boolean;
  redactBodies: boolean;
  /** Without virtual keys, a target with no key of its own gets the client's authorization header. */
  passClientAuthorization: boolean;
  /** False while draining on shutdown (/readyz answers 503). */
  ready: boolean;
}
