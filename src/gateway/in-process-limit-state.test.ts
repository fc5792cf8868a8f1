import { describe, expect, it } from "vitest";
import type { LimitAdmission, LimitClaim } from "../spec/gateway-limits.js";
import { InProcessLimitState } from "./in-process-limit-state.js";

function stateAt(start = Date.parse("2026-12-01T10:00:00Z")): { state: InProcessLimitState; advance: (ms: number) => void } {
  let clock = start;
  return { state: new InProcessLimitState({ now: () => clock }), advance: (ms) => (clock += ms) };
}

const claim = (patch: Partial<LimitClaim> = {}): LimitClaim => ({ key: "team", limits: {}, tokens: 10, costUsd: 1, ...patch });

function admitted(admission: LimitAdmission): Extract<LimitAdmission, { admitted: true }>["reservation"] {
  if (!admission.admitted) throw new Error(`refused by ${admission.refusal.limit}`);
  return admission.reservation;
}

describe("InProcessLimitState", () => {
  it("admits claims while spend plus reservations fit the budget, and frees the unused part on settlement", () => {
    const { state } = stateAt();
    const limits = { budgetUsdPerDay: 10 };
    const held = [1, 2, 3].map(() => admitted(state.reserveNow(claim({ limits, costUsd: 3 }))));
    // 9 reserved: a fourth claim of 3 would pass 10.
    expect(state.reserveNow(claim({ limits, costUsd: 3 }))).toEqual({ admitted: false, refusal: { limit: "budget_usd_per_day", value: 10 } });
    state.settleNow(held[0]!, { tokens: 4, costUsd: 0.5 });
    // 0.5 spent + 6 reserved: 3 more fit.
    admitted(state.reserveNow(claim({ limits, costUsd: 3 })));
    expect(state.spendOf("team")).toMatchObject({ day: 0.5, reservedDay: 9, reservations: 3 });
    // Settling twice changes nothing.
    state.settleNow(held[0]!, { tokens: 4, costUsd: 0.5 });
    expect(state.spendOf("team").day).toBe(0.5);
  });

  it("refuses a claim larger than the whole budget as one that never fits", () => {
    const { state } = stateAt();
    expect(state.reserveNow(claim({ limits: { budgetUsdPerMonth: 2 }, costUsd: 3 }))).toEqual({ admitted: false, refusal: { limit: "budget_usd_per_month", value: 2, neverFits: true } });
  });

  it("refuses even a free claim once the budget is spent, and starts a new UTC day empty", () => {
    const { state, advance } = stateAt(Date.parse("2026-12-01T23:59:00Z"));
    const limits = { budgetUsdPerDay: 1, budgetUsdPerMonth: 100 };
    state.settleNow(admitted(state.reserveNow(claim({ limits, costUsd: 1 }))), { tokens: 1, costUsd: 1 });
    expect(state.reserveNow(claim({ limits, costUsd: 0 })).admitted).toBe(false);
    advance(2 * 60_000);
    admitted(state.reserveNow(claim({ limits, costUsd: 1 })));
    expect(state.spendOf("team")).toMatchObject({ day: 0, month: 1 });
  });

  it("takes worst-case tokens from the tokens-per-minute allowance and returns the unused part", () => {
    const { state, advance } = stateAt();
    const limits = { tokensPerMinute: 100 };
    const first = admitted(state.reserveNow(claim({ limits, tokens: 60 })));
    expect(state.reserveNow(claim({ limits, tokens: 60 }))).toMatchObject({ admitted: false, refusal: { limit: "tokens_per_minute", value: 100, retryAfterMs: 12_000 } });
    state.settleNow(first, { tokens: 20, costUsd: 0 });
    admitted(state.reserveNow(claim({ limits, tokens: 60 })));
    // 20 used + 60 held of 100: 20 left, refilled at 100 a minute.
    expect(state.reserveNow(claim({ limits, tokens: 30 })).admitted).toBe(false);
    advance(6_000);
    admitted(state.reserveNow(claim({ limits, tokens: 30 })));
  });

  it("admits a claim larger than the whole allowance only on a full allowance, one at a time", () => {
    const { state, advance } = stateAt();
    const limits = { tokensPerMinute: 20 };
    const big = admitted(state.reserveNow(claim({ limits, tokens: 95 })));
    expect(state.reserveNow(claim({ limits, tokens: 95 })).admitted).toBe(false);
    state.settleNow(big, { tokens: 13, costUsd: 0 });
    // 20 - 13 = 7 left: the next big claim waits until the allowance is full again.
    expect(state.reserveNow(claim({ limits, tokens: 95 })).admitted).toBe(false);
    advance(39_000);
    admitted(state.reserveNow(claim({ limits, tokens: 95 })));
  });

  it("counts requests per minute, refilled continuously", () => {
    const { state, advance } = stateAt();
    const limits = { requestsPerMinute: 2 };
    admitted(state.reserveNow(claim({ limits })));
    admitted(state.reserveNow(claim({ limits })));
    expect(state.reserveNow(claim({ limits }))).toMatchObject({ admitted: false, refusal: { limit: "requests_per_minute", retryAfterMs: 30_000 } });
    advance(30_000);
    admitted(state.reserveNow(claim({ limits })));
  });

  it("adds spend read from the log to the current day and month", async () => {
    const { state } = stateAt();
    await state.seedSpend({ day: new Map([["team", 4]]), month: new Map([["team", 9]]) });
    expect(state.reserveNow(claim({ limits: { budgetUsdPerMonth: 10 }, costUsd: 2 })).admitted).toBe(false);
    expect(state.reserveNow(claim({ limits: { budgetUsdPerDay: 6 }, costUsd: 2 })).admitted).toBe(true);
  });
});
