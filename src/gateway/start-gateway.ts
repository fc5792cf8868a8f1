import type { AddressInfo } from "node:net";
import type { GatewayConfig } from "../config/gateway-schema.js";
import type { PriceTable } from "../cost/price-table.js";
import { TuneopsError } from "../spec/errors.js";
import type { GatewayStore } from "../spec/gateway-store.js";
import type { RouteOverrideSource } from "../spec/route-overrides.js";
import { GatewayMetrics } from "./gateway-metrics.js";
import { noGuards, type GatewayGuards, type GatewayRuntime } from "./gateway-runtime.js";
import { createGatewayServer } from "./gateway-server.js";
import { RequestLogger } from "./request-logger.js";
import { ResponseCache } from "./response-cache.js";
import { SemanticCache } from "./semantic-cache.js";
import { applyRouteOverrides } from "./route-overrides.js";
import { RouteTable, type Route } from "./route-table.js";
import { createUpstreamTarget, type UpstreamTarget } from "./upstream-target.js";
import type { VirtualKey } from "./virtual-keys.js";
import { dayOf, InProcessLimitState, monthOf } from "./in-process-limit-state.js";
import { LiveKeys } from "./live-keys.js";
import type { GatewayLimitState } from "../spec/gateway-limits.js";

export interface StartGatewayOptions {
  config: GatewayConfig;
  store: GatewayStore;
  /**
   * Where log rows are written (default: the store). The CLI passes a writer on its own thread so that
   * synchronous SQLite writes never stall requests; it is closed after the last row is written.
   */
  logWriter?: { insertRequests: GatewayStore["insertRequests"]; close(): Promise<void> };
  prices: PriceTable;
  /** Reads an environment variable named by `api_key_env` (at start-up only). */
  readSecret: (name: string) => string | undefined;
  /** Overrides of the config's port and host. */
  port?: number | undefined;
  host?: string | undefined;
  /** Store errors while re-reading virtual keys (the keys in force stay). */
  onKeysError?: (error: unknown) => void;
  /** Where key limits, budgets and reservations are kept (default: in this process). */
  limits?: GatewayLimitState;
  /** Store errors of the log retention (the gateway keeps serving). */
  onLogError?: (error: unknown) => void;
  /** Lines about the request log: an outage of the store (one per interval), its end, rows lost at shutdown. */
  onLogReport?: (line: string) => void;
  now?: () => number;
  /**
   * Where promoted models' shares of routes come from (the registry), read at start-up, every
   * `gateway.promotions_refresh_ms` and on `refreshRoutes()`; never per request.
   */
  routeOverrides?: {
    source: RouteOverrideSource;
    /** Called with one line per overridden route whenever the applied overrides change (and at start). */
    onChange?: (described: string[], problems: string[]) => void;
    onError?: (error: unknown) => void;
  };
}

export interface RunningGateway {
  /** `http://host:port` (without /v1). */
  readonly url: string;
  readonly runtime: GatewayRuntime;
  /** Re-reads the route overrides now (promotions and rollbacks apply without waiting for the timer). */
  refreshRoutes(): Promise<void>;
  /** Re-reads the stored virtual keys now (revocations apply without waiting for the timer). */
  refreshKeys(): Promise<void>;
  /**
   * Stops accepting, lets requests in flight finish, writes every pending log row it can and closes the
   * store, all within `graceMs` (default 30 s) unless closing the store itself hangs.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

const hourMs = 3_600_000;

function buildTargets(config: GatewayConfig, readSecret: StartGatewayOptions["readSecret"]): Map<string, UpstreamTarget> {
  const targets = new Map<string, UpstreamTarget>();
  for (const [name, target] of Object.entries(config.targets)) {
    let apiKey: string | undefined;
    if (target.api_key_env !== undefined) {
      apiKey = readSecret(target.api_key_env);
      if (apiKey === undefined) {
        throw new TuneopsError({
          code: "config_invalid",
          message: `the environment variable ${target.api_key_env} (API key of gateway target "${name}") is not set`,
          location: { field: `gateway.targets.${name}.api_key_env` },
          hint: `export ${target.api_key_env}=... before starting the gateway, or remove api_key_env for an upstream without keys.`,
        });
      }
    }
    targets.set(name, createUpstreamTarget({ name, baseUrl: target.base_url, model: target.model, apiKey, headers: target.headers, timeoutMs: target.timeout_ms, connections: target.connections }));
  }
  return targets;
}

function buildRoutes(config: GatewayConfig, targets: Map<string, UpstreamTarget>): Route[] {
  const find = (name: string, field: string): UpstreamTarget => {
    const target = targets.get(name);
    if (!target) throw new TuneopsError({ code: "config_invalid", message: `unknown gateway target "${name}"`, location: { field } });
    return target;
  };
  const routes: Route[] = Object.entries(config.routes).map(([name, route]) => ({
    name,
    weighted: route.targets.map((entry, index) =>
      typeof entry === "string" ? { target: find(entry, `gateway.routes.${name}.targets.${index}`), weight: 1 } : { target: find(entry.target, `gateway.routes.${name}.targets.${index}`), weight: entry.weight },
    ),
    fallbacks: route.fallbacks.map((target, index) => find(target, `gateway.routes.${name}.fallbacks.${index}`)),
    retries: route.retries,
    stickyHeader: route.sticky_header?.toLowerCase(),
    cache: route.cache,
    reserveOutputTokens: route.reserve_output_tokens,
  }));
  return routes;
}

function configuredKeys(config: GatewayConfig): VirtualKey[] {
  return Object.entries(config.keys).map(([name, key]) => ({
    name,
    sha256: key.sha256,
    requestsPerMinute: key.requests_per_minute,
    tokensPerMinute: key.tokens_per_minute,
    budgetUsdPerDay: key.budget_usd_per_day,
    budgetUsdPerMonth: key.budget_usd_per_month,
    expiresAt: key.expires_at === undefined ? undefined : Date.parse(key.expires_at),
    routes: key.routes,
    models: key.models,
    admin: key.admin,
  }));
}

/** The keys, read from the configuration and the store, kept live; and the limit state seeded with logged spend. */
async function buildKeys(options: StartGatewayOptions): Promise<{ keys: LiveKeys; limits: GatewayLimitState }> {
  const now = options.now ?? Date.now;
  const keys = new LiveKeys({
    configured: configuredKeys(options.config),
    store: options.store,
    refreshMs: options.config.keys_refresh_ms,
    now,
    onError: (error) => options.onKeysError?.(error),
  });
  await keys.refresh();
  const limits = options.limits ?? new InProcessLimitState({ now });
  const today = Date.parse(`${dayOf(now())}T00:00:00Z`);
  const month = Date.parse(`${monthOf(now())}-01T00:00:00Z`);
  await limits.seedSpend({ day: await options.store.spendByKeySince(today), month: await options.store.spendByKeySince(month) });
  return { keys, limits };
}

/** The guards, loaded only when one is configured (the toxicity matcher alone holds about 15 MB). */
async function loadGuards(config: GatewayConfig): Promise<GatewayGuards> {
  if (config.guards.pii === undefined && config.guards.toxicity === undefined) return noGuards;
  const { Guards } = await import("./guards.js");
  return new Guards(config.guards);
}

/** Builds the gateway from its configuration and starts serving. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config, store } = options;
  const targets = buildTargets(config, options.readSecret);
  const metrics = new GatewayMetrics();
  const { keys, limits } = await buildKeys(options);
  const megabyte = 1024 * 1024;
  const logger = new RequestLogger({
    store: options.logWriter ?? store,
    flushMs: config.logging.flush_ms,
    batchSize: config.logging.batch_size,
    batchBytes: config.logging.batch_mb * megabyte,
    maxPendingRows: config.logging.max_pending_rows,
    maxPendingBytes: config.logging.max_pending_mb * megabyte,
    onWriteFailed: () => metrics.log.writeFailures.inc(),
    onDropped: (rows) => metrics.log.rowsDropped.inc([], rows),
    onBodiesDropped: (rows) => metrics.log.bodiesDropped.inc([], rows),
    ...(options.onLogReport ? { onReport: options.onLogReport } : {}),
  });
  metrics.log.queue = () => ({ rows: logger.pending, bytes: logger.pendingBytes });
  const configuredRoutes = buildRoutes(config, targets);
  const semantic = config.cache.enabled ? config.cache.semantic : undefined;
  const semanticTarget = semantic === undefined ? undefined : targets.get(semantic.target);
  const runtime: GatewayRuntime = {
    routes: new RouteTable(configuredRoutes),
    targets: [...targets.values()],
    keys,
    limits,
    cache: config.cache.enabled ? new ResponseCache({ ttlMs: config.cache.ttl_seconds * 1000, maxEntries: config.cache.max_entries, ...(options.now ? { now: options.now } : {}) }) : undefined,
    semanticCache:
      semantic && semanticTarget
        ? new SemanticCache({ target: semanticTarget, model: semantic.model, threshold: semantic.threshold, ttlMs: config.cache.ttl_seconds * 1000, maxEntries: config.cache.max_entries, ...(options.now ? { now: options.now } : {}) })
        : undefined,
    guards: await loadGuards(config),
    logger,
    metrics,
    store,
    prices: options.prices,
    maxBodyBytes: config.max_body_bytes,
    maxUpstreamBytes: config.max_upstream_bytes,
    logBodies: config.logging.bodies,
    logSampleRate: config.logging.enabled ? config.logging.sample_rate : 0,
    redactText: config.logging.bodies && config.logging.redact_bodies ? (await import("../scorers/safety/pii-detect.js")).redactPii : undefined,
    ready: false,
  };
  const retention = async (): Promise<void> => {
    try {
      await store.deleteRequestsBefore((options.now ?? Date.now)() - config.logging.retention_days * 24 * hourMs);
    } catch (error) {
      options.onLogError?.(error);
    }
  };
  await retention();
  let appliedOverrides = "[]";
  const readOverrides = async (): Promise<void> => {
    const overrides = options.routeOverrides;
    if (overrides === undefined) return;
    try {
      const listed = await overrides.source.listRouteOverrides();
      const signature = JSON.stringify(listed);
      if (signature === appliedOverrides) return;
      appliedOverrides = signature;
      const applied = applyRouteOverrides(configuredRoutes, listed, targets);
      runtime.routes = new RouteTable(applied.routes);
      overrides.onChange?.(applied.described, applied.problems);
    } catch (error) {
      overrides.onError?.(error);
    }
  };
  // One read at a time (timer and SIGHUP alike), so an older read never lands after a newer one.
  let refreshing = Promise.resolve();
  const refreshRoutes = (): Promise<void> => (refreshing = refreshing.then(readOverrides));
  await refreshRoutes();
  const overridesTimer = options.routeOverrides ? setInterval(() => void refreshRoutes(), config.promotions_refresh_ms) : undefined;
  overridesTimer?.unref();
  const retentionTimer = setInterval(() => void retention(), hourMs);
  retentionTimer.unref();
  keys.start();

  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createGatewayServer(runtime, {
    onRequestStart: () => inFlight++,
    onRequestEnd: () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new TuneopsError({
          code: error.code === "EADDRINUSE" || error.code === "EACCES" ? "input_invalid" : "internal",
          message: `cannot listen on ${options.host ?? config.host}:${options.port ?? config.port}: ${error.message}`,
          location: { field: "--port" },
          hint: "Pick another port with --port (or gateway.port), or stop the process that holds it.",
          cause: error,
        }),
      ),
    );
    server.listen(options.port ?? config.port, options.host ?? config.host, () => resolve());
  });
  runtime.ready = true;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    runtime,
    refreshRoutes,
    refreshKeys: () => keys.refresh(),
    close(closeOptions = {}) {
      closing ??= (async () => {
        // The whole shutdown fits in `graceMs`: requests in flight get up to 10 s less, the log rows
        // still in memory the time up to 8 s before the end; closing the log thread (its write may wait
        // out a lock's busy timeout, 5 s) and the store take the rest.
        const started = Date.now();
        const graceMs = closeOptions.graceMs ?? 30_000;
        runtime.ready = false;
        clearInterval(retentionTimer);
        clearInterval(overridesTimer);
        keys.stop();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            drained = resolve;
            setTimeout(resolve, Math.max(graceMs / 3, graceMs - 10_000)).unref();
          });
        }
        server.closeAllConnections();
        await stopped;
        await logger.close({ deadline: started + Math.max(graceMs / 2, graceMs - 8_000) });
        await options.logWriter?.close();
        await Promise.all(runtime.targets.map((target) => target.pool.close().catch(() => undefined)));
        await store.close();
      })();
      return closing;
    },
  };
}
