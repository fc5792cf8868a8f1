import type { LimitRefusal } from "../spec/gateway-limits.js";
import { priceOf, type Exchange } from "./exchange.js";
import type { GatewayRuntime } from "./gateway-runtime.js";
import { GatewayHttpError } from "./openai-error.js";
import type { Route } from "./route-table.js";
import { hasLimits, type VirtualKey } from "./virtual-keys.js";
import { worstCaseOf } from "./worst-case-claim.js";
import type { ForwardedBody } from "./wire-schemas.js";

/**
 * Admits a keyed request to a route: the key's allow-lists, then its limits. The request's worst case
 * (prompt bound plus output bound, at the route's dearest price) is reserved in one step with the
 * rate check, so concurrent requests cannot together pass a limit; `finishExchange` settles it.
 */
export async function admitToRoute(runtime: GatewayRuntime, options: { exchange: Exchange; key: VirtualKey; route: Route; path: string; body: ForwardedBody; bodyBytes: number }): Promise<void> {
  const { exchange, key, route, body } = options;
  runtime.keys.ring.checkAccess(key, { route: route.name, model: body.model });
  if (!hasLimits(key)) return;
  const worst = worstCaseOf({
    path: options.path,
    body,
    bodyBytes: options.bodyBytes,
    route,
    priceOf: (model) => priceOf(runtime, model),
    priced: key.budgetUsdPerDay !== undefined || key.budgetUsdPerMonth !== undefined,
  });
  const admission = await runtime.limits.reserve({ key: key.name, limits: key, tokens: worst.tokens, costUsd: worst.costUsd });
  if (!admission.admitted) throw limitError(admission.refusal, key.name, worst.costUsd);
  exchange.reservation = admission.reservation;
}

function limitError(refusal: LimitRefusal, name: string, worstUsd: number): GatewayHttpError {
  if (refusal.limit === "budget_usd_per_day" || refusal.limit === "budget_usd_per_month") {
    const period = refusal.limit === "budget_usd_per_day" ? "daily" : "monthly";
    const message = refusal.neverFits
      ? `The worst case of this request ($${worstUsd.toPrecision(3)}) is more than the ${period} budget of key "${name}" ($${refusal.value}); set a lower max_tokens.`
      : `Key "${name}" has spent or reserved its ${period} budget of $${refusal.value}${worstUsd > 0 ? ` (this request may cost up to $${worstUsd.toPrecision(3)})` : ""}.`;
    return new GatewayHttpError(429, { message, type: "insufficient_quota", code: "budget_exceeded" });
  }
  const what = refusal.limit === "tokens_per_minute" ? "tokens" : "requests";
  const retryAfterMs = refusal.retryAfterMs ?? 1_000;
  return new GatewayHttpError(
    429,
    { message: `Rate limit reached for ${what} per minute (limit ${refusal.value}) on this key. Please try again later.`, type: what, code: "rate_limit_exceeded" },
    { "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))), [`x-ratelimit-limit-${what}`]: String(refusal.value), [`x-ratelimit-remaining-${what}`]: "0" },
  );
}
