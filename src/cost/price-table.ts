import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { priceSchema } from "../config/project-schema.js";
import type { ErrorLocation } from "../spec/errors.js";
import { TuneopsError } from "../spec/errors.js";
import { modelIdCandidates } from "./model-id-candidates.js";
import type { PriceEntry } from "./price-entry.js";

/** Prices by model id. */
export interface PriceTable {
  /**
   * The entry for a model: by exact id, then without a dated suffix (`gpt-4o-mini-2024-07-18` ->
   * `gpt-4o-mini`), then after a `provider/` prefix; each tried as written, then case-insensitively.
   */
  lookup(modelId: string): PriceEntry | undefined;
  /** Every entry, in table order. */
  entries(): PriceEntry[];
  readonly size: number;
}

/** One entry of data/prices.json: every builtin price names its official source and the day it was read. */
const builtinEntrySchema = z
  .object({
    provider: z.string().min(1),
    input_per_mtok: z.number().min(0),
    output_per_mtok: z.number().min(0),
    cache_read_per_mtok: z.number().min(0).optional(),
    cache_write_per_mtok: z.number().min(0).optional(),
    training_per_mtok: z.number().min(0).optional(),
    hosting_per_hour: z.number().min(0).optional(),
    source: z.string().url(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"),
    notes: z.string().optional(),
  })
  .strict();

export const priceFileSchema = z
  .object({
    version: z.literal(1),
    currency: z.literal("USD"),
    models: z.record(z.string().min(1), builtinEntrySchema),
  })
  .strict();
export type PriceFile = z.infer<typeof priceFileSchema>;

/** A price as written in tuneops.yaml (`prices:`), before defaults. */
export type PriceConfigInput = z.input<typeof priceSchema>;

/** The builtin table, found beside the module both in src/ (tests) and in dist/ (installed package). */
export const builtinPricesUrl = new URL("../../data/prices.json", import.meta.url);

interface IssueContext {
  what: string;
  location: ErrorLocation;
  /** Position of the model id in an issue's path (1 in a price file: `models.<id>`; 0 in overrides). */
  modelIndex: number;
  /** Field path prefix in the user's file (`prices` for tuneops.yaml overrides). */
  fieldPrefix?: string;
}

function invalid(issues: readonly z.core.$ZodIssue[], context: IssueContext): TuneopsError {
  const issue = issues[0];
  const path = issue?.path.map(String) ?? [];
  const model = path.length > context.modelIndex ? path[context.modelIndex] : undefined;
  const field = path.slice(context.modelIndex + 1).join(".");
  const subject = model === undefined ? context.what : `${context.what}: model "${model}"${field ? `, field \`${field}\`` : ""}`;
  const dotted = [...(context.fieldPrefix === undefined ? [] : [context.fieldPrefix]), ...path].join(".");
  return new TuneopsError({
    code: "config_invalid",
    message: `${subject}: ${issue?.message ?? "invalid price"}`,
    location: { ...context.location, ...(dotted ? { field: dotted } : {}) },
    hint: "A price gives input_per_mtok and output_per_mtok in USD per million tokens (cache_read_per_mtok and cache_write_per_mtok optional).",
  });
}

function fromBuiltin(model: string, entry: z.infer<typeof builtinEntrySchema>): PriceEntry {
  const price: PriceEntry = { model, provider: entry.provider, inputPerMtok: entry.input_per_mtok, outputPerMtok: entry.output_per_mtok, source: entry.source, date: entry.date };
  if (entry.cache_read_per_mtok !== undefined) price.cacheReadPerMtok = entry.cache_read_per_mtok;
  if (entry.cache_write_per_mtok !== undefined) price.cacheWritePerMtok = entry.cache_write_per_mtok;
  copyFineTuning(price, entry);
  return price;
}

/** Training and hosting prices, where the entry has them (builtin and tuneops.yaml entries alike). */
function copyFineTuning(price: PriceEntry, entry: { training_per_mtok?: number | undefined; hosting_per_hour?: number | undefined }): void {
  if (entry.training_per_mtok !== undefined) price.trainingPerMtok = entry.training_per_mtok;
  if (entry.hosting_per_hour !== undefined) price.hostingPerHour = entry.hosting_per_hour;
}

function fromConfig(model: string, entry: z.infer<typeof priceSchema>): PriceEntry {
  const price: PriceEntry = { model, inputPerMtok: entry.input_per_mtok, outputPerMtok: entry.output_per_mtok, source: entry.source };
  if (entry.cache_read_per_mtok !== undefined) price.cacheReadPerMtok = entry.cache_read_per_mtok;
  if (entry.cache_write_per_mtok !== undefined) price.cacheWritePerMtok = entry.cache_write_per_mtok;
  if (entry.date !== undefined) price.date = entry.date;
  copyFineTuning(price, entry);
  return price;
}

/** Reads and validates a price file shaped like data/prices.json. */
export function readPriceFile(path: string | URL): PriceEntry[] {
  const file = typeof path === "string" ? path : fileURLToPath(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new TuneopsError({ code: "config_invalid", message: `price table ${file}: ${error instanceof Error ? error.message : String(error)}`, location: { file }, cause: error });
  }
  const parsed = priceFileSchema.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error.issues, { what: `price table ${file}`, location: { file }, modelIndex: 1 });
  return Object.entries(parsed.data.models).map(([model, entry]) => fromBuiltin(model, entry));
}

/** Builds a table from entries; a later entry for the same model id replaces an earlier one. */
export function createPriceTable(entries: Iterable<PriceEntry>): PriceTable {
  const byId = new Map<string, PriceEntry>();
  for (const entry of entries) {
    byId.delete(entry.model);
    byId.set(entry.model, entry);
  }
  const byLowerId = new Map<string, PriceEntry>();
  for (const [id, entry] of byId) if (!byLowerId.has(id.toLowerCase())) byLowerId.set(id.toLowerCase(), entry);
  return {
    size: byId.size,
    entries: () => [...byId.values()],
    lookup(modelId) {
      for (const candidate of modelIdCandidates(modelId)) {
        const entry = byId.get(candidate) ?? byLowerId.get(candidate.toLowerCase());
        if (entry !== undefined) return entry;
      }
      return undefined;
    },
  };
}

export interface LoadPriceTableOptions {
  /** The builtin price file (default: data/prices.json of this package). */
  builtinPath?: string | URL;
  /** Include the builtin prices (default true). */
  includeBuiltin?: boolean;
  /** Prices imported from elsewhere (e.g. `importLiteLlmPrices`); they replace builtin ones. */
  imported?: Record<string, PriceEntry>;
  /** Prices from tuneops.yaml (`prices:`); they replace builtin and imported ones. */
  overrides?: Record<string, PriceConfigInput>;
  /** Where the overrides were written, for error messages (default field `prices`). */
  overridesLocation?: ErrorLocation;
}

/**
 * The price table a run uses: builtin prices, then imported ones, then the project's overrides, each
 * layer replacing the one before for the same model id. Every layer is validated; a bad entry is a
 * `config_invalid` error naming the model and the field.
 */
export function loadPriceTable(options: LoadPriceTableOptions = {}): PriceTable {
  const entries: PriceEntry[] = [];
  if (options.includeBuiltin ?? true) entries.push(...readPriceFile(options.builtinPath ?? builtinPricesUrl));
  if (options.imported) entries.push(...Object.entries(options.imported).map(([model, entry]) => ({ ...entry, model })));
  if (options.overrides) {
    const location = options.overridesLocation ?? {};
    const parsed = z.record(z.string().min(1), priceSchema).safeParse(options.overrides);
    if (!parsed.success) throw invalid(parsed.error.issues, { what: "prices", location, modelIndex: 0, fieldPrefix: location.field ?? "prices" });
    entries.push(...Object.entries(parsed.data).map(([model, entry]) => fromConfig(model, entry)));
  }
  return createPriceTable(entries);
}
