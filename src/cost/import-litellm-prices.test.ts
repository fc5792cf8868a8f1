import { describe, expect, it } from "vitest";
import { importLiteLlmPrices } from "./import-litellm-prices.js";
import { loadPriceTable } from "./price-table.js";

// The shape of LiteLLM's model_prices_and_context_window.json (excerpt of its structure).
const litellm = {
  sample_spec: { input_cost_per_token: 0.0, output_cost_per_token: 0.0, litellm_provider: "one of https://docs.litellm.ai/docs/providers", mode: "one of: chat, embedding, ..." },
  "gpt-4o": { input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, cache_read_input_token_cost: 1.25e-6, litellm_provider: "openai", mode: "chat", max_tokens: 16384 },
  "claude-sonnet-4-5": { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, cache_creation_input_token_cost: 3.75e-6, cache_read_input_token_cost: 3e-7, litellm_provider: "anthropic", mode: "chat" },
  "text-embedding-3-small": { input_cost_per_token: 2e-8, litellm_provider: "openai", mode: "embedding" },
  "1024-x-1024/dall-e-2": { input_cost_per_pixel: 1.9e-8, litellm_provider: "openai", mode: "image_generation", output_cost_per_pixel: 0.0 },
  "broken": "not an object",
};

describe("importLiteLlmPrices", () => {
  it("converts per-token costs to per-million prices without float noise", () => {
    const prices = importLiteLlmPrices(litellm, { date: "2026-11-27" });
    expect(prices["gpt-4o"]).toEqual({
      model: "gpt-4o",
      provider: "openai",
      inputPerMtok: 2.5,
      outputPerMtok: 10,
      cacheReadPerMtok: 1.25,
      source: "LiteLLM model_prices_and_context_window.json",
      date: "2026-11-27",
    });
    expect(prices["claude-sonnet-4-5"]).toMatchObject({ inputPerMtok: 3, outputPerMtok: 15, cacheReadPerMtok: 0.3, cacheWritePerMtok: 3.75 });
    expect(prices["text-embedding-3-small"]).toMatchObject({ inputPerMtok: 0.02, outputPerMtok: 0 });
  });

  it("skips the spec entry and entries not priced by token", () => {
    const prices = importLiteLlmPrices(litellm);
    expect(Object.keys(prices).sort()).toEqual(["claude-sonnet-4-5", "gpt-4o", "text-embedding-3-small"]);
  });

  it("feeds a price table", () => {
    const table = loadPriceTable({ includeBuiltin: false, imported: importLiteLlmPrices(litellm) });
    expect(table.lookup("gpt-4o-2024-08-06")?.outputPerMtok).toBe(10);
  });

  it("rejects something that is not a price map", () => {
    expect(() => importLiteLlmPrices([1, 2])).toThrow(/expected a JSON object/);
  });
});
