import { describe, expect, it } from "vitest";
import { countMockPromptTokens } from "../providers/testing/mock-reply.js";
import type { Route } from "./route-table.js";
import type { UpstreamTarget } from "./upstream-target.js";
import { outputTokenBound, worstCaseOf, worstPriceOf } from "./worst-case-claim.js";

const target = (name: string, model?: string): UpstreamTarget => ({ name, model } as UpstreamTarget);
const route = (patch: Partial<Route> = {}): Route => ({ name: "chat", weighted: [{ target: target("a"), weight: 1 }], fallbacks: [], retries: 0, stickyHeader: undefined, cache: true, reserveOutputTokens: 4096, ...patch });

describe("worst-case claims", () => {
  it("bound output by max_completion_tokens or max_tokens (else the route's default), times n and best_of", () => {
    expect(outputTokenBound({ path: "/chat/completions", body: { model: "m", max_tokens: 50 }, defaultMaxTokens: 4096 })).toBe(50);
    expect(outputTokenBound({ path: "/chat/completions", body: { model: "m", max_completion_tokens: 70, max_tokens: 50, n: 3 }, defaultMaxTokens: 4096 })).toBe(210);
    expect(outputTokenBound({ path: "/chat/completions", body: { model: "m" }, defaultMaxTokens: 1000 })).toBe(1000);
    expect(outputTokenBound({ path: "/completions", body: { model: "m", max_tokens: 10, n: 2, best_of: 5 }, defaultMaxTokens: 1 })).toBe(50);
    expect(outputTokenBound({ path: "/embeddings", body: { model: "m", max_tokens: 10 }, defaultMaxTokens: 4096 })).toBe(0);
  });

  it("count the prompt at no less than the upstream does", () => {
    const messages = [
      { role: "system", content: "be brief" },
      { role: "user", content: "a b c d e f g h i j k l m n o p" },
    ];
    const bytes = Buffer.byteLength(JSON.stringify({ model: "m", messages }));
    const worst = worstCaseOf({ path: "/chat/completions", body: { model: "m", messages, max_tokens: 5 }, bodyBytes: bytes, route: route(), priceOf: () => undefined, priced: false });
    expect(worst.tokens).toBeGreaterThanOrEqual(countMockPromptTokens(messages) + 5);
    expect(worst.costUsd).toBe(0);
  });

  it("price at the dearest model the route can reach, cache rates included", () => {
    const prices: Record<string, { inputPerMtok: number; outputPerMtok: number; cacheWritePerMtok?: number }> = {
      cheap: { inputPerMtok: 1, outputPerMtok: 2 },
      dear: { inputPerMtok: 3, outputPerMtok: 15, cacheWritePerMtok: 3.75 },
    };
    const priceOf = (model: string) => (prices[model] ? { model, source: "test", ...prices[model] } : undefined);
    const reach = route({ weighted: [{ target: target("a", "cheap"), weight: 9 }], fallbacks: [target("b", "dear"), target("c")] });
    expect(worstPriceOf({ route: reach, requestedModel: "unpriced", priceOf })).toEqual({ inputPerMtok: 3.75, outputPerMtok: 15 });
    const worst = worstCaseOf({ path: "/chat/completions", body: { model: "x", max_tokens: 1_000 }, bodyBytes: 1_000, route: reach, priceOf, priced: true });
    expect(worst).toEqual({ tokens: 2_000, costUsd: (1_000 * 3.75 + 1_000 * 15) / 1e6 });
  });
});
