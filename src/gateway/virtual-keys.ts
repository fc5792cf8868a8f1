import { createHash } from "node:crypto";
import { GatewayHttpError } from "./openai-error.js";

/** A virtual key's limits; absent limits do not apply. */
export interface VirtualKey {
  name: string;
  sha256: string;
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
  budgetUsdPerDay?: number | undefined;
  budgetUsdPerMonth?: number | undefined;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

interface KeyState {
  key: VirtualKey;
  /** Token buckets, refilled continuously over a minute. */
  requestTokens: number;
  tokenTokens: number;
  refilledAt: number;
  day: string;
  month: string;
  spentDay: number;
  spentMonth: number;
}

const minuteMs = 60_000;

/**
 * Virtual keys and their enforced limits, held in this process: requests and tokens per minute (token
 * buckets) and USD budgets per UTC day and month. Keys are looked up by their SHA-256; the plain key
 * is never kept.
 */
export class KeyRing {
  readonly #byHash = new Map<string, KeyState>();
  readonly #now: () => number;

  constructor(keys: readonly VirtualKey[], options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    const now = this.#now();
    for (const key of keys) {
      this.#byHash.set(key.sha256, {
        key,
        requestTokens: key.requestsPerMinute ?? 0,
        tokenTokens: key.tokensPerMinute ?? 0,
        refilledAt: now,
        day: dayOf(now),
        month: monthOf(now),
        spentDay: 0,
        spentMonth: 0,
      });
    }
  }

  get enabled(): boolean {
    return this.#byHash.size > 0;
  }

  /** Seeds spend from the store, so budgets hold across restarts. */
  seedSpend(spent: { day: Map<string, number>; month: Map<string, number> }): void {
    for (const state of this.#byHash.values()) {
      state.spentDay = spent.day.get(state.key.name) ?? 0;
      state.spentMonth = spent.month.get(state.key.name) ?? 0;
    }
  }

  /** The key of an authorization header; throws an OpenAI-style 401. */
  authenticate(authorization: string | undefined): VirtualKey {
    return this.#stateOf(authorization).key;
  }

  #stateOf(authorization: string | undefined): KeyState {
    const token = authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : undefined;
    const state = token ? this.#byHash.get(hashKey(token)) : undefined;
    if (!state) {
      throw new GatewayHttpError(401, {
        message: token ? "Incorrect API key provided." : "You didn't provide an API key. Send a tuneops virtual key as 'Authorization: Bearer <key>'.",
        type: "invalid_request_error",
        code: "invalid_api_key",
      });
    }
    return state;
  }

  /** Authenticates a request and takes one request from its key's allowance; throws OpenAI-style 401/429. */
  admit(authorization: string | undefined): VirtualKey {
    const state = this.#stateOf(authorization);
    const now = this.#now();
    this.#refill(state, now);
    const { key } = state;
    if (key.budgetUsdPerDay !== undefined && state.spentDay >= key.budgetUsdPerDay) throw budgetError(`daily budget of $${key.budgetUsdPerDay}`, key.name);
    if (key.budgetUsdPerMonth !== undefined && state.spentMonth >= key.budgetUsdPerMonth) throw budgetError(`monthly budget of $${key.budgetUsdPerMonth}`, key.name);
    if (key.tokensPerMinute !== undefined && state.tokenTokens <= 0) throw rateError("tokens", key.tokensPerMinute, Math.ceil((-state.tokenTokens + 1) / (key.tokensPerMinute / minuteMs)));
    if (key.requestsPerMinute !== undefined) {
      if (state.requestTokens < 1) throw rateError("requests", key.requestsPerMinute, Math.ceil((1 - state.requestTokens) / (key.requestsPerMinute / minuteMs)));
      state.requestTokens -= 1;
    }
    return key;
  }

  /** Charges a finished request's tokens and cost to its key. */
  charge(keyHash: string, usage: { tokens: number; costUsd: number }): void {
    const state = this.#byHash.get(keyHash);
    if (!state) return;
    this.#refill(state, this.#now());
    if (state.key.tokensPerMinute !== undefined) state.tokenTokens -= usage.tokens;
    state.spentDay += usage.costUsd;
    state.spentMonth += usage.costUsd;
  }

  #refill(state: KeyState, now: number): void {
    const elapsed = now - state.refilledAt;
    state.refilledAt = now;
    const { requestsPerMinute, tokensPerMinute } = state.key;
    if (requestsPerMinute !== undefined) state.requestTokens = Math.min(requestsPerMinute, state.requestTokens + (elapsed * requestsPerMinute) / minuteMs);
    if (tokensPerMinute !== undefined) state.tokenTokens = Math.min(tokensPerMinute, state.tokenTokens + (elapsed * tokensPerMinute) / minuteMs);
    const day = dayOf(now);
    if (day !== state.day) {
      state.day = day;
      state.spentDay = 0;
      const month = monthOf(now);
      if (month !== state.month) {
        state.month = month;
        state.spentMonth = 0;
      }
    }
  }
}

export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

function rateError(what: string, limit: number, retryAfterMs: number): GatewayHttpError {
  return new GatewayHttpError(
    429,
    { message: `Rate limit reached for ${what} per minute (limit ${limit}) on this key. Please try again later.`, type: what, code: "rate_limit_exceeded" },
    { "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))), [`x-ratelimit-limit-${what}`]: String(limit), [`x-ratelimit-remaining-${what}`]: "0" },
  );
}

function budgetError(what: string, name: string): GatewayHttpError {
  return new GatewayHttpError(429, { message: `Key "${name}" has spent its ${what}.`, type: "insufficient_quota", code: "budget_exceeded" });
}
