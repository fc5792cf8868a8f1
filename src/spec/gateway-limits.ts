/**
 * The gateway's limit state port: per-key request and token rates and USD budgets, checked and
 * reserved in one step at admission and settled with real usage when the request ends. The default
 * implementation lives in the process (src/gateway/in-process-limit-state.ts); a shared one (Redis) lets
 * several gateway replicas enforce the same limits. Every method may be asynchronous for that reason.
 */
export interface GatewayLimitState {
  /**
   * Checks every limit of the claim's key against what is spent and reserved now and, when all admit
   * it, reserves the claim, atomically: two concurrent claims never both take the last of an allowance.
   */
  reserve(claim: LimitClaim): Promise<LimitAdmission>;
  /** Replaces a reservation with what the request really used (once; later calls are ignored). */
  settle(reservation: LimitReservation, used: LimitUse): Promise<void>;
  /** Adds spend recorded elsewhere (the request log, read at start-up) to the current day and month. */
  seedSpend(spent: { day: ReadonlyMap<string, number>; month: ReadonlyMap<string, number> }): Promise<void>;
}

/** A key's limits; an absent limit does not apply. */
export interface KeyLimits {
  requestsPerMinute?: number | undefined;
  /** Input plus output tokens per minute. */
  tokensPerMinute?: number | undefined;
  /** USD per UTC day. */
  budgetUsdPerDay?: number | undefined;
  /** USD per UTC month. */
  budgetUsdPerMonth?: number | undefined;
}

/** What one request may use at most, claimed at admission. */
export interface LimitClaim {
  /** The key's name: limits and spend are kept per name. */
  key: string;
  limits: KeyLimits;
  /** Worst-case tokens: the prompt as counted plus the most output the request may produce. */
  tokens: number;
  /** Worst-case cost of those tokens, USD (0 when the model has no price). */
  costUsd: number;
}

/** Tokens and USD, as reserved or as used. */
export interface LimitUse {
  tokens: number;
  costUsd: number;
}

/** A claim that was admitted; hand it back to `settle`. */
export interface LimitReservation extends LimitUse {
  readonly key: string;
  /** Epoch ms of the admission. */
  readonly at: number;
  /** Opaque to callers: the implementation's handle on the reservation. */
  readonly id: string;
}

/** Which limit refused a claim. */
export type LimitName = "requests_per_minute" | "tokens_per_minute" | "budget_usd_per_day" | "budget_usd_per_month";

export interface LimitRefusal {
  limit: LimitName;
  /** The limit's configured value (requests, tokens or USD). */
  value: number;
  /** When a rate limit will admit the claim again, ms from now; absent for budgets. */
  retryAfterMs?: number;
  /** The claim alone exceeds the whole budget: it can never be admitted. */
  neverFits?: boolean;
}

export type LimitAdmission = { admitted: true; reservation: LimitReservation } | { admitted: false; refusal: LimitRefusal };
