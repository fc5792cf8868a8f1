import { createHash } from "node:crypto";
import type { Route } from "./route-table.js";
import { bearerToken } from "./virtual-keys.js";

/** A complete upstream answer, replayed byte for byte on a hit (an event stream replays as a stream). */
export interface CachedAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  /** Epoch ms. */
  storedAt: number;
}

/**
 * The exact cache: bounded (least recently used out first), with a TTL, keyed on the canonical request
 * so that the same parameters in another order hit, and another tenant (virtual key) never does.
 */
export class ResponseCache {
  readonly #entries = new Map<string, CachedAnswer>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { ttlMs: number; maxEntries: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#now() - entry.storedAt > this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    // Re-insert: Map order is the recency order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, answer: Omit<CachedAnswer, "storedAt">): void {
    this.#entries.delete(key);
    this.#entries.set(key, { ...answer, storedAt: this.#now() });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}

/** JSON with object keys sorted at every depth: the same request always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
}

/** The cache key: endpoint, tenant and every body parameter. */
export function cacheKeyOf(options: { endpoint: string; tenant: string; body: unknown }): string {
  return createHash("sha256").update(options.endpoint).update("\u0000").update(options.tenant).update("\u0000").update(canonicalJson(options.body)).digest("hex");
}

/**
 * Whose answers a request may share. With virtual keys: the key's. Without (pass-through), the
 * credential that reaches the upstream: the client's own authorization (hashed, never kept as it came)
 * unless every target of the route sends a key of its own, which all clients then share.
 */
export function cacheTenantOf(options: { keyName: string | null; clientAuthorization: string | undefined; route: Route }): string {
  if (options.keyName !== null) return `key:${options.keyName}`;
  const targets = [...options.route.weighted.map((entry) => entry.target), ...options.route.fallbacks];
  if (targets.every((target) => target.hasKey)) return "targets";
  const credential = options.clientAuthorization === undefined ? "" : (bearerToken(options.clientAuthorization) ?? options.clientAuthorization);
  return `client:${createHash("sha256").update(credential).digest("hex")}`;
}
