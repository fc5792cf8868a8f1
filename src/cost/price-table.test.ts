import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TuneopsError } from "../spec/errors.js";
import { createPriceTable, loadPriceTable, readPriceFile } from "./price-table.js";

function writePriceFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "tuneops-prices-")), "prices.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

function configError(run: () => unknown): TuneopsError {
  try {
    run();
  } catch (error) {
    if (error instanceof TuneopsError) return error;
    throw error;
  }
  throw new Error("expected a config error");
}

describe("the builtin price table", () => {
  const table = loadPriceTable();

  it("loads and validates data/prices.json: every entry has an official source and a date", () => {
    expect(table.size).toBeGreaterThan(10);
    for (const entry of table.entries()) {
      expect(entry.source).toMatch(/^https:\/\//);
      expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.outputPerMtok).toBeGreaterThanOrEqual(entry.inputPerMtok);
      if (entry.cacheReadPerMtok !== undefined) expect(entry.cacheReadPerMtok).toBeLessThan(entry.inputPerMtok);
    }
  });

  it("finds dated snapshots and provider-prefixed ids", () => {
    expect(table.lookup("gpt-4o-mini")?.inputPerMtok).toBe(0.15);
    expect(table.lookup("gpt-4o-mini-2024-07-18")?.model).toBe("gpt-4o-mini");
    expect(table.lookup("openai/gpt-4.1")?.model).toBe("gpt-4.1");
    expect(table.lookup("claude-sonnet-4-5-20250929")?.model).toBe("claude-sonnet-4-5");
    expect(table.lookup("GPT-4o")?.model).toBe("gpt-4o");
    expect(table.lookup("my-local-model")).toBeUndefined();
    expect(table.lookup("ft:gpt-4o-mini-2024-07-18:acme::AbC123")).toMatchObject({ model: "ft:gpt-4o-mini", trainingPerMtok: 3, inputPerMtok: 0.3 });
  });
});

describe("loadPriceTable", () => {
  it("layers imported prices and overrides over the builtin ones", () => {
    const table = loadPriceTable({
      imported: { "gpt-4o": { model: "ignored", inputPerMtok: 9, outputPerMtok: 9, source: "litellm" }, "x-model": { model: "x-model", inputPerMtok: 1, outputPerMtok: 2, source: "litellm" } },
      overrides: { "x-model": { input_per_mtok: 0.5, output_per_mtok: 1 }, "ft:y": { input_per_mtok: 1, output_per_mtok: 2, training_per_mtok: 4, hosting_per_hour: 1.7 } },
    });
    expect(table.lookup("ft:y")).toMatchObject({ trainingPerMtok: 4, hostingPerHour: 1.7 });
    expect(table.lookup("gpt-4o")).toMatchObject({ model: "gpt-4o", inputPerMtok: 9, source: "litellm" });
    expect(table.lookup("x-model")).toEqual({ model: "x-model", inputPerMtok: 0.5, outputPerMtok: 1, source: "tuneops.yaml" });
  });

  it("can leave the builtin table out", () => {
    expect(loadPriceTable({ includeBuiltin: false }).size).toBe(0);
  });

  it("names the model and field of a bad override", () => {
    const error = configError(() => loadPriceTable({ includeBuiltin: false, overrides: { "my-model": { input_per_mtok: -1, output_per_mtok: 1 } } }));
    expect(error.code).toBe("config_invalid");
    expect(error.message).toContain('model "my-model", field `input_per_mtok`');
    expect(error.location?.field).toBe("prices.my-model.input_per_mtok");
  });

  it("names the model and field of a bad builtin entry", () => {
    const file = writePriceFile({ version: 1, currency: "USD", models: { "m-1": { provider: "p", input_per_mtok: 1, output_per_mtok: "2", source: "https://example.com", date: "2026-01-01" } } });
    const error = configError(() => readPriceFile(file));
    expect(error.message).toContain('model "m-1", field `output_per_mtok`');
    expect(error.location).toEqual({ file, field: "models.m-1.output_per_mtok" });
  });

  it("requires a source URL and a date on builtin entries", () => {
    const file = writePriceFile({ version: 1, currency: "USD", models: { "m-1": { provider: "p", input_per_mtok: 1, output_per_mtok: 2, source: "somewhere" } } });
    expect(configError(() => loadPriceTable({ builtinPath: file })).message).toMatch(/field `source`/);
  });

  it("reports an unreadable file", () => {
    expect(configError(() => readPriceFile(path.join(tmpdir(), "missing-prices.json"))).code).toBe("config_invalid");
  });
});

describe("createPriceTable", () => {
  it("lets a later entry replace an earlier one", () => {
    const table = createPriceTable([
      { model: "a", inputPerMtok: 1, outputPerMtok: 1, source: "first" },
      { model: "a", inputPerMtok: 2, outputPerMtok: 2, source: "second" },
    ]);
    expect(table.size).toBe(1);
    expect(table.lookup("a")?.source).toBe("second");
  });
});
