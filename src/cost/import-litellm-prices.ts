import { TuneopsError } from "../spec/errors.js";
import type { PriceEntry } from "./price-entry.js";

export interface ImportLiteLlmOptions {
  /** Recorded as each entry's source (default: LiteLLM's file name). */
  source?: string;
  /** Recorded as each entry's date (YYYY-MM-DD), e.g. the day the file was downloaded. */
  date?: string;
}

function costField(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key];
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** USD per token -> USD per million tokens, without the float noise of the multiplication (2.5e-6 -> 2.5). */
function perMillion(perToken: number): number {
  return Number((perToken * 1_000_000).toPrecision(12));
}

/**
 * Converts LiteLLM's model_prices_and_context_window.json (model id -> { input_cost_per_token,
 * output_cost_per_token, cache_read_input_token_cost, cache_creation_input_token_cost,
 * litellm_provider, mode, ... }) into price entries. Entries priced by token for input and output are
 * kept (an embedding model without an output price costs 0 for output); image, audio and per-call
 * entries, and the `sample_spec` documentation entry, are skipped.
 */
export function importLiteLlmPrices(json: unknown, options: ImportLiteLlmOptions = {}): Record<string, PriceEntry> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new TuneopsError({ code: "input_invalid", message: "LiteLLM price map: expected a JSON object of model id -> prices" });
  }
  const source = options.source ?? "LiteLLM model_prices_and_context_window.json";
  const prices: Record<string, PriceEntry> = {};
  for (const [model, value] of Object.entries(json)) {
    if (model === "sample_spec" || typeof value !== "object" || value === null || Array.isArray(value)) continue;
    const record = value as Record<string, unknown>;
    const input = costField(record, "input_cost_per_token");
    const output = costField(record, "output_cost_per_token") ?? (record["mode"] === "embedding" ? 0 : undefined);
    if (input === undefined || output === undefined) continue;
    const entry: PriceEntry = { model, inputPerMtok: perMillion(input), outputPerMtok: perMillion(output), source };
    if (typeof record["litellm_provider"] === "string") entry.provider = record["litellm_provider"];
    const cacheRead = costField(record, "cache_read_input_token_cost");
    const cacheWrite = costField(record, "cache_creation_input_token_cost");
    if (cacheRead !== undefined) entry.cacheReadPerMtok = perMillion(cacheRead);
    if (cacheWrite !== undefined) entry.cacheWritePerMtok = perMillion(cacheWrite);
    if (options.date !== undefined) entry.date = options.date;
    prices[model] = entry;
  }
  return prices;
}
