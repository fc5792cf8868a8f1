import type { IncomingMessage } from "node:http";
import { DashboardHttpError } from "./dashboard-error.js";

/**
 * Refuses a state-changing request that a browser sent on behalf of another site: its `Host` must be one
 * the server was bound as (a DNS-rebinding page reaches 127.0.0.1 under its own name, and its requests
 * carry that name), and its `Origin`, when there is one, must be this server. `allowedHosts` undefined
 * (a wildcard address, with --allow-remote) checks only that Origin and Host agree.
 */
export function checkSameOrigin(request: IncomingMessage, allowedHosts: ReadonlySet<string> | undefined): void {
  const host = (request.headers.host ?? "").toLowerCase();
  if (allowedHosts !== undefined && !allowedHosts.has(host)) {
    throw new DashboardHttpError({ status: 403, code: "forbidden", message: `Host ${host || "(none)"} is not this server's address`, hint: `Open the dashboard as http://${[...allowedHosts][0] ?? "127.0.0.1"}/arena.` });
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== "null") {
    let originHost = "";
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      originHost = "";
    }
    if (originHost !== host) throw new DashboardHttpError({ status: 403, code: "forbidden", message: `a request from ${origin} may not change this server's state`, hint: "Vote from the dashboard's own page." });
  }
}

/** The hosts (`name:port`) a server bound to `address` answers as: loopback names for a loopback bind. */
export function allowedHostsFor(address: string, port: number): Set<string> | undefined {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "0.0.0.0" || bare === "::" || bare === "") return undefined;
  const withPort = (host: string): string => `${host}:${port}`;
  if (isLoopback(bare)) return new Set([withPort("127.0.0.1"), withPort("localhost"), withPort("[::1]")]);
  return new Set([withPort(bare.includes(":") ? `[${bare}]` : bare)]);
}

export function isLoopback(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare) || bare === "::ffff:127.0.0.1";
}

/** A per-client token bucket: `perMinute` actions a minute, in bursts of at most that many. */
export class RateLimiter {
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: { perMinute: number; now?: () => number }) {
    this.#perMinute = options.perMinute;
    this.#now = options.now ?? Date.now;
  }

  /** Takes one action for `client`; throws a 429-style error when its bucket is empty. */
  take(client: string): void {
    const now = this.#now();
    const bucket = this.#buckets.get(client) ?? { tokens: this.#perMinute, at: now };
    bucket.tokens = Math.min(this.#perMinute, bucket.tokens + ((now - bucket.at) * this.#perMinute) / 60_000);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(client, bucket);
      const seconds = Math.ceil(((1 - bucket.tokens) * 60_000) / this.#perMinute / 1000);
      throw new DashboardHttpError({ status: 429, code: "rate_limited", message: `too many votes: at most ${this.#perMinute} a minute`, hint: `Try again in ${seconds} s.`, headers: { "retry-after": String(seconds) } });
    }
    bucket.tokens -= 1;
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket);
    // Bounded: the longest-idle clients are forgotten (a full bucket is what they would have anyway).
    while (this.#buckets.size > 10_000) this.#buckets.delete(this.#buckets.keys().next().value as string);
  }
}
