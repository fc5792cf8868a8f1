import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectSchema } from "../config/project-schema.js";
import { isTuneopsError } from "../spec/errors.js";
import { loadPrices } from "./compose.js";
import { importPriceMaps } from "./import-price-maps.js";

const liteLlmMap = {
  sample_spec: { input_cost_per_token: 0, output_cost_per_token: 0 },
  "acme-chat-1": { input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, litellm_provider: "acme", mode: "chat" },
  "gpt-4o-mini": { input_cost_per_token: 1e-6, output_cost_per_token: 1e-6, litellm_provider: "openai", mode: "chat" },
};

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tuneops-prices-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("price_imports", () => {
  it("imports LiteLLM's map with its source and date; the project's prices still win", () => {
    const dir = project({ "litellm.json": JSON.stringify(liteLlmMap) });
    const config = projectSchema.parse({
      project: "p",
      price_imports: [{ path: "litellm.json", date: "2026-11-01" }],
      prices: { "gpt-4o-mini": { input_per_mtok: 0.1, output_per_mtok: 0.2, source: "contract", date: "2026-11-27" } },
    });
    const table = loadPrices(config, dir);
    const acme = table.lookup("acme-chat-1");
    expect(acme).toMatchObject({ inputPerMtok: 2, outputPerMtok: 8, source: "litellm.json", date: "2026-11-01" });
    expect(table.lookup("gpt-4o-mini")).toMatchObject({ inputPerMtok: 0.1, outputPerMtok: 0.2, source: "contract" });
    expect(table.lookup("sample_spec")).toBeUndefined();
  });

  it("dates imported prices by the file's modification day when no date is given", () => {
    const dir = project({ "map.json": JSON.stringify(liteLlmMap) });
    const imported = importPriceMaps([{ path: "map.json", format: "litellm" }], dir);
    expect(imported?.["acme-chat-1"]?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("names the entry and the fix for a missing or malformed file", () => {
    const dir = project({ "bad.json": "{ not json" });
    for (const path of ["missing.json", "bad.json"]) {
      let caught: unknown;
      try {
        importPriceMaps([{ path, format: "litellm" }], dir);
      } catch (error) {
        caught = error;
      }
      expect(isTuneopsError(caught) && caught.code).toBe("config_invalid");
      expect(isTuneopsError(caught) && caught.location?.field).toBe("price_imports.0.path");
      expect(String((caught as Error).message)).toContain(path);
    }
  });
});
