import { randomUUID } from "node:crypto";
import { normaliseOpenAiUsage } from "../providers/openai-compatible/openai-compatible-usage.js";
import { openAiUsageSchema } from "../providers/openai-compatible/openai-compatible-api.js";
import { costOfUsage } from "../cost/cost-of-usage.js";
import type { GuardAction, RequestLogRecord } from "../spec/gateway-store.js";
import type { Usage } from "../spec/usage.js";
import type { LimitReservation, LimitUse } from "../spec/gateway-limits.js";
import type { GatewayRuntime } from "./gateway-runtime.js";

/** One request's facts as they are learned, turned into its log row when it ends. */
export interface Exchange {
  id: string;
  /** Epoch ms. */
  createdAt: number;
  /** performance.now() at arrival. */
  started: number;
  endpoint: string;
  route: string;
  target: string | null;
  model: string | null;
  status: number;
  keyName: string | null;
  /** The key's limits reserved at admission, settled when the exchange ends. */
  reservation: LimitReservation | undefined;
  stream: boolean;
  ttftMs: number | null;
  /** Time spent waiting on upstreams, ms. */
  upstreamMs: number;
  /** The upstream's usage object, OpenAI wire shape. */
  usage: unknown;
  cacheHit: boolean;
  attempts: number;
  guardActions: GuardAction[];
  error: string | null;
  requestBody: string | null;
  responseBody: string | null;
  finished: boolean;
}

export function startExchange(endpoint: string): Exchange {
  return {
    id: `req_${randomUUID().replaceAll("-", "")}`,
    createdAt: Date.now(),
    started: performance.now(),
    endpoint,
    route: "",
    target: null,
    model: null,
    status: 0,
    keyName: null,
    reservation: undefined,
    stream: false,
    ttftMs: null,
    upstreamMs: 0,
    usage: undefined,
    cacheHit: false,
    attempts: 0,
    guardActions: [],
    error: null,
    requestBody: null,
    responseBody: null,
    finished: false,
  };
}

/** Gateway time so far: everything but the upstream waits, ms. */
export function overheadMs(exchange: Exchange): number {
  return Math.max(0, performance.now() - exchange.started - exchange.upstreamMs);
}

const priceCache = new WeakMap<GatewayRuntime["prices"], Map<string, ReturnType<GatewayRuntime["prices"]["lookup"]> | null>>();

export function priceOf(runtime: GatewayRuntime, model: string): ReturnType<GatewayRuntime["prices"]["lookup"]> {
  let byModel = priceCache.get(runtime.prices);
  if (!byModel) priceCache.set(runtime.prices, (byModel = new Map()));
  let entry = byModel.get(model);
  if (entry === undefined) {
    entry = runtime.prices.lookup(model) ?? null;
    byModel.set(model, entry);
  }
  return entry ?? undefined;
}

/** Text of a body for the log: capped, and redacted when asked. */
export function loggedBody(runtime: GatewayRuntime, text: string): string {
  const capped = text.length > 65_536 ? text.slice(0, 65_536) : text;
  return runtime.redactText ? runtime.redactText(capped) : capped;
}

/**
 * Whether a request's row goes to the log under `gateway.logging`: none with logging disabled (rate 0);
 * every failed or refused one otherwise, so errors are never sampled away; successes at the sample rate.
 */
export function isLogged(sampleRate: number, status: number, random: () => number = Math.random): boolean {
  if (sampleRate <= 0) return false;
  if (sampleRate >= 1 || status >= 400) return true;
  return random() < sampleRate;
}

/** Ends an exchange once: log row (batched), metrics, key charges. */
export function finishExchange(runtime: GatewayRuntime, exchange: Exchange): void {
  if (exchange.finished) return;
  exchange.finished = true;
  const latencyMs = performance.now() - exchange.started;
  let usage: Usage | undefined;
  if (exchange.usage !== undefined && exchange.usage !== null) {
    const parsed = openAiUsageSchema.safeParse(exchange.usage);
    if (parsed.success) usage = normaliseOpenAiUsage(parsed.data);
  }
  let costUsd: number | null = null;
  if (exchange.cacheHit) costUsd = 0;
  else if (usage && exchange.model !== null) {
    const price = priceOf(runtime, exchange.model);
    if (price) costUsd = costOfUsage(usage, price);
  }
  const row: RequestLogRecord = {
    id: exchange.id,
    createdAt: exchange.createdAt,
    endpoint: exchange.endpoint,
    route: exchange.route,
    target: exchange.target,
    model: exchange.model,
    status: exchange.status,
    keyName: exchange.keyName,
    stream: exchange.stream,
    latencyMs,
    ttftMs: exchange.ttftMs,
    overheadMs: Math.max(0, latencyMs - exchange.upstreamMs),
    inputTokens: usage?.inputTokens ?? null,
    outputTokens: usage?.outputTokens ?? null,
    breakdown: usage ? usage.breakdown : null,
    costUsd,
    cacheHit: exchange.cacheHit,
    attempts: exchange.attempts,
    guardActions: exchange.guardActions,
    error: exchange.error,
    requestBody: exchange.requestBody,
    responseBody: exchange.responseBody,
  };
  if (isLogged(runtime.logSampleRate, row.status)) runtime.logger.push(row);
  else runtime.metrics.unlogged.inc();
  runtime.metrics.record(row);
  if (exchange.reservation) {
    const reservation = exchange.reservation;
    exchange.reservation = undefined;
    runtime.limits.settle(reservation, usedOf(exchange, usage, costUsd, reservation)).catch(() => undefined);
  }
}

/**
 * What a request really used, for its key's limits. An answer cut off before its usage came (a stream
 * broken, a client gone) may still be billed upstream: the worst case reserved is charged then. A
 * complete answer without usage costs what its log row says: nothing known.
 */
function usedOf(exchange: Exchange, usage: Usage | undefined, costUsd: number | null, reservation: LimitReservation): LimitUse {
  if (exchange.cacheHit) return { tokens: 0, costUsd: 0 };
  if (usage) return { tokens: usage.inputTokens + usage.outputTokens, costUsd: costUsd ?? 0 };
  const cutOff = exchange.attempts > 0 && (exchange.status === 499 || (exchange.status === 200 && exchange.error !== null));
  return cutOff ? { tokens: reservation.tokens, costUsd: reservation.costUsd } : { tokens: 0, costUsd: 0 };
}
