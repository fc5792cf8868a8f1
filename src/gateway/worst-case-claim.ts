import type { PriceEntry } from "../cost/price-entry.js";
import type { LimitUse } from "../spec/gateway-limits.js";
import type { Route } from "./route-table.js";
import type { ForwardedBody } from "./wire-schemas.js";

const perMillion = 1_000_000;

function countOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * The most output tokens a request may produce: its `max_completion_tokens` or `max_tokens` (else the
 * route's default), times the choices it asks for (`n`, and `best_of` for completions, which the
 * upstream generates and bills even when it returns fewer). Embeddings produce none.
 */
export function outputTokenBound(options: { path: string; body: ForwardedBody; defaultMaxTokens: number }): number {
  const { path, body } = options;
  if (path === "/embeddings") return 0;
  const stated = countOf(body["max_completion_tokens"]) ?? countOf(body["max_tokens"]);
  const choices = Math.max(1, countOf(body["n"]) ?? 1, path === "/completions" ? (countOf(body["best_of"]) ?? 1) : 1);
  return (stated ?? options.defaultMaxTokens) * choices;
}

/**
 * The most tokens a request's prompt can count: the UTF-8 bytes of the body that carries it. Every
 * byte-level BPE tokenizer (GPT, Llama 3, Qwen, Mistral Tekken, ...) makes at least one byte of each token,
 * so the text of messages, tools and schemas counts at most its bytes, and the JSON around each message
 * outweighs the chat template's few tokens. Only media parts referenced by URL can cost more than their bytes.
 */
export function promptTokenBound(bodyBytes: number): number {
  return bodyBytes;
}

/** The highest-priced model a route can send the request to (its targets and fallbacks), or undefined when none is priced. */
export function worstPriceOf(options: { route: Route; requestedModel: string; priceOf: (model: string) => PriceEntry | undefined }): { inputPerMtok: number; outputPerMtok: number } | undefined {
  const { route, requestedModel, priceOf } = options;
  let worst: { inputPerMtok: number; outputPerMtok: number } | undefined;
  const consider = (model: string): void => {
    const price = priceOf(model);
    if (!price) return;
    const input = Math.max(price.inputPerMtok, price.cacheWritePerMtok ?? 0, price.cacheReadPerMtok ?? 0);
    worst = { inputPerMtok: Math.max(worst?.inputPerMtok ?? 0, input), outputPerMtok: Math.max(worst?.outputPerMtok ?? 0, price.outputPerMtok) };
  };
  for (const { target } of route.weighted) consider(target.model ?? requestedModel);
  for (const target of route.fallbacks) consider(target.model ?? requestedModel);
  return worst;
}

/** A request's worst case: prompt bound plus output bound, priced at the route's dearest model. */
export function worstCaseOf(options: {
  path: string;
  body: ForwardedBody;
  bodyBytes: number;
  route: Route;
  priceOf: (model: string) => PriceEntry | undefined;
  /** Skip pricing when no budget applies. */
  priced: boolean;
}): LimitUse {
  const input = promptTokenBound(options.bodyBytes);
  const output = outputTokenBound({ path: options.path, body: options.body, defaultMaxTokens: options.route.reserveOutputTokens });
  const price = options.priced ? worstPriceOf({ route: options.route, requestedModel: options.body.model, priceOf: options.priceOf }) : undefined;
  const costUsd = price ? (input * price.inputPerMtok + output * price.outputPerMtok) / perMillion : 0;
  return { tokens: input + output, costUsd };
}
