import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { importLiteLlmPrices } from "../cost/import-litellm-prices.js";
import type { PriceEntry } from "../cost/price-entry.js";
import type { ProjectConfig } from "../config/project-schema.js";
import { TuneopsError } from "../spec/errors.js";

/**
 * Reads the project's `price_imports` (LiteLLM's price map) into price entries, each stamped with its
 * source and date; later files replace earlier ones for the same model. A missing or malformed file is
 * a `config_invalid` error naming the file and the `price_imports` entry.
 */
export function importPriceMaps(imports: ProjectConfig["price_imports"], projectDir: string): Record<string, PriceEntry> | undefined {
  if (imports.length === 0) return undefined;
  const prices: Record<string, PriceEntry> = {};
  imports.forEach((entry, index) => {
    const path = resolve(projectDir, entry.path);
    const field = `price_imports.${index}.path`;
    let text: string;
    let modified: Date;
    try {
      text = readFileSync(path, "utf8");
      modified = statSync(path).mtime;
    } catch (error) {
      throw new TuneopsError({ code: "config_invalid", message: `cannot read the price map ${entry.path}: ${error instanceof Error ? error.message : String(error)}`, location: { field }, hint: "Download LiteLLM's model_prices_and_context_window.json next to tuneops.yaml, or fix the path.", cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new TuneopsError({ code: "config_invalid", message: `the price map ${entry.path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, location: { file: path, field }, hint: "Use LiteLLM's model_prices_and_context_window.json as published." });
    }
    const imported = importLiteLlmPrices(json, { source: entry.source ?? entry.path, date: entry.date ?? modified.toISOString().slice(0, 10) });
    Object.assign(prices, imported);
  });
  return prices;
}
