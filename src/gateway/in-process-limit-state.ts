import type { GatewayLimitState, KeyLimits, LimitAdmission, LimitClaim, LimitRefusal, LimitReservation, LimitUse } from "../spec/gateway-limits.js";

const minuteMs = 60_000;

interface Held {
  tokens: number;
  costUsd: number;
  day: string;
  month: string;
  /** Whether the tokens were taken from a tokens-per-minute allowance. */
  tokensCounted: boolean;
}

interface KeyState {
  /** Token buckets refilled continuously over a minute; undefined until the limit first applies (full). */
  requestAllowance: number | undefined;
  tokenAllowance: number | undefined;
  refilledAt: number;
  day: string;
  month: string;
  spentDay: number;
  spentMonth: number;
  /** Worst-case cost of requests admitted and not yet settled, USD. */
  reservedDay: number;
  reservedMonth: number;
  held: Map<string, Held>;
}

/**
 * Limit state held in this process (the default; one gateway process). Everything runs synchronously
 * between two awaits, so check-and-reserve is atomic without locks. Requests and tokens per minute are
 * token buckets (capacity: the per-minute limit; refilled continuously); budgets count spend plus the
 * worst case of every request still in flight against the UTC day's and month's budget.
 */
export class InProcessLimitState implements GatewayLimitState {
  readonly #keys = new Map<string, KeyState>();
  readonly #now: () => number;
  #nextId = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  reserve(claim: LimitClaim): Promise<LimitAdmission> {
    return Promise.resolve(this.reserveNow(claim));
  }

  /** `reserve`, synchronously. */
  reserveNow(claim: LimitClaim): LimitAdmission {
    const now = this.#now();
    const state = this.#stateOf(claim.key, now);
    const { limits } = claim;
    this.#refill(state, limits, now);
    const refusal = this.#refusalOf(state, claim);
    if (refusal) return { admitted: false, refusal };
    if (limits.requestsPerMinute !== undefined) state.requestAllowance = (state.requestAllowance ?? limits.requestsPerMinute) - 1;
    const tokensCounted = limits.tokensPerMinute !== undefined;
    if (limits.tokensPerMinute !== undefined) state.tokenAllowance = (state.tokenAllowance ?? limits.tokensPerMinute) - claim.tokens;
    state.reservedDay += claim.costUsd;
    state.reservedMonth += claim.costUsd;
    const id = String(this.#nextId++);
    state.held.set(id, { tokens: claim.tokens, costUsd: claim.costUsd, day: state.day, month: state.month, tokensCounted });
    const reservation: LimitReservation = { id, key: claim.key, at: now, tokens: claim.tokens, costUsd: claim.costUsd };
    return { admitted: true, reservation };
  }

  #refusalOf(state: KeyState, claim: LimitClaim): LimitRefusal | undefined {
    const { limits } = claim;
    const day = budgetRefusal({ budget: limits.budgetUsdPerDay, committed: state.spentDay + state.reservedDay, cost: claim.costUsd, limit: "budget_usd_per_day" });
    if (day) return day;
    const month = budgetRefusal({ budget: limits.budgetUsdPerMonth, committed: state.spentMonth + state.reservedMonth, cost: claim.costUsd, limit: "budget_usd_per_month" });
    if (month) return month;
    const { tokensPerMinute, requestsPerMinute } = limits;
    if (tokensPerMinute !== undefined) {
      // A claim larger than the whole allowance waits for a full one, then takes all of it and more.
      const needed = Math.min(claim.tokens, tokensPerMinute);
      const allowance = state.tokenAllowance ?? tokensPerMinute;
      if (allowance < needed) return { limit: "tokens_per_minute", value: tokensPerMinute, retryAfterMs: ((needed - allowance) * minuteMs) / tokensPerMinute };
    }
    if (requestsPerMinute !== undefined) {
      const allowance = state.requestAllowance ?? requestsPerMinute;
      if (allowance < 1) return { limit: "requests_per_minute", value: requestsPerMinute, retryAfterMs: ((1 - allowance) * minuteMs) / requestsPerMinute };
    }
    return undefined;
  }

  settle(reservation: LimitReservation, used: LimitUse): Promise<void> {
    this.settleNow(reservation, used);
    return Promise.resolve();
  }

  /** `settle`, synchronously. */
  settleNow(reservation: LimitReservation, used: LimitUse): void {
    const state = this.#keys.get(reservation.key);
    const held = state?.held.get(reservation.id);
    if (!state || !held) return;
    state.held.delete(reservation.id);
    const now = this.#now();
    this.#roll(state, now);
    if (held.tokensCounted && state.tokenAllowance !== undefined) state.tokenAllowance += held.tokens - used.tokens;
    // A reservation made before the day (month) turned was cleared with it.
    if (held.day === state.day) state.reservedDay = state.held.size === 0 ? 0 : Math.max(0, state.reservedDay - held.costUsd);
    if (held.month === state.month) state.reservedMonth = state.held.size === 0 ? 0 : Math.max(0, state.reservedMonth - held.costUsd);
    state.spentDay += used.costUsd;
    state.spentMonth += used.costUsd;
  }

  seedSpend(spent: { day: ReadonlyMap<string, number>; month: ReadonlyMap<string, number> }): Promise<void> {
    const now = this.#now();
    for (const [key, usd] of spent.day) this.#stateOf(key, now).spentDay += usd;
    for (const [key, usd] of spent.month) this.#stateOf(key, now).spentMonth += usd;
    return Promise.resolve();
  }

  /** What a key has spent and holds in reservations now, USD (for tests and diagnostics). */
  spendOf(key: string): { day: number; month: number; reservedDay: number; reservations: number } {
    const state = this.#keys.get(key);
    if (!state) return { day: 0, month: 0, reservedDay: 0, reservations: 0 };
    this.#roll(state, this.#now());
    return { day: state.spentDay, month: state.spentMonth, reservedDay: state.reservedDay, reservations: state.held.size };
  }

  #stateOf(key: string, now: number): KeyState {
    let state = this.#keys.get(key);
    if (!state) {
      state = { requestAllowance: undefined, tokenAllowance: undefined, refilledAt: now, day: dayOf(now), month: monthOf(now), spentDay: 0, spentMonth: 0, reservedDay: 0, reservedMonth: 0, held: new Map() };
      this.#keys.set(key, state);
    }
    return state;
  }

  #refill(state: KeyState, limits: KeyLimits, now: number): void {
    const elapsed = Math.max(0, now - state.refilledAt);
    state.refilledAt = now;
    const { requestsPerMinute, tokensPerMinute } = limits;
    if (requestsPerMinute === undefined) state.requestAllowance = undefined;
    else if (state.requestAllowance !== undefined) state.requestAllowance = Math.min(requestsPerMinute, state.requestAllowance + (elapsed * requestsPerMinute) / minuteMs);
    if (tokensPerMinute === undefined) state.tokenAllowance = undefined;
    else if (state.tokenAllowance !== undefined) state.tokenAllowance = Math.min(tokensPerMinute, state.tokenAllowance + (elapsed * tokensPerMinute) / minuteMs);
    this.#roll(state, now);
  }

  /** A new UTC day (month) starts with nothing spent or reserved in it. */
  #roll(state: KeyState, now: number): void {
    const day = dayOf(now);
    if (day === state.day) return;
    state.day = day;
    state.spentDay = 0;
    state.reservedDay = 0;
    const month = monthOf(now);
    if (month === state.month) return;
    state.month = month;
    state.spentMonth = 0;
    state.reservedMonth = 0;
  }
}

function budgetRefusal(options: { budget: number | undefined; committed: number; cost: number; limit: "budget_usd_per_day" | "budget_usd_per_month" }): LimitRefusal | undefined {
  const { budget, committed, cost, limit } = options;
  if (budget === undefined) return undefined;
  if (cost > budget) return { limit, value: budget, neverFits: true };
  // Spent and reserved may not pass the budget; a spent budget refuses even a claim priced at $0.
  if (committed + cost > budget || committed >= budget) return { limit, value: budget };
  return undefined;
}

export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}
