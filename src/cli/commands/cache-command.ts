import { resolve } from "node:path";
import type { Command } from "commander";
import { parseDuration } from "../../config/duration.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CacheFilter, CacheStatsRow } from "../../spec/store.js";
import type { CliContext } from "../context.js";
import { openProjectStore, projectDirOf } from "../compose.js";
import { renderTextTable, type TextColumn } from "../../report/text-table.js";

interface CacheFlags {
  config: string;
  provider?: string;
  model?: string;
  olderThan?: string;
  json?: boolean;
}

/** `tuneops cache stats|clear`: the evaluation response cache in the project's store. */
export function registerCacheCommand(program: Command, context: CliContext): void {
  const cache = program
    .command("cache")
    .description("Inspect and clear the response cache that `tuneops eval` answers repeated calls from (see docs/runs.md).");
  withFilters(cache.command("stats").description("Entries, size and ages of the cached answers, per provider and model, with the model versions the upstream reported.")).action(
    async (flags: CacheFlags) => {
      const filter = filterOf(flags, Date.now());
      const rows = await withStore(context, flags, (store) => store.cacheStats(filter));
      if (flags.json) {
        const entries = rows.map((row) => ({
          provider: row.provider,
          model: row.model,
          entries: row.entries,
          bytes: row.bytes,
          oldest: new Date(row.oldest).toISOString(),
          newest: new Date(row.newest).toISOString(),
          model_versions: row.modelVersions,
        }));
        context.terminal.out(JSON.stringify(entries, null, 2));
        return;
      }
      if (rows.length === 0) {
        context.terminal.out(Object.keys(filter).length === 0 ? "the response cache is empty" : "no cached answers match");
        return;
      }
      context.terminal.out(statsTable(rows, context.terminal.width));
      const total = rows.reduce((sum, row) => sum + row.entries, 0);
      context.terminal.out(`${total} cached answer(s), ${formatBytes(rows.reduce((sum, row) => sum + row.bytes, 0))}`);
    },
  );
  withFilters(cache.command("clear").description("Delete the cached answers the filters select (all of them without a filter); the next run calls the models again.")).action(
    async (flags: CacheFlags) => {
      const filter = filterOf(flags, Date.now());
      const deleted = await withStore(context, flags, (store) => store.cacheClear(filter));
      if (flags.json) context.terminal.out(JSON.stringify({ deleted }, null, 2));
      else context.terminal.out(`deleted ${deleted} cached answer(s)`);
    },
  );
}

function withFilters(command: Command): Command {
  return command
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--provider <name>", "only entries written by this provider (its name under `providers`)")
    .option("--model <id>", "only entries of this model id (as configured)")
    .option("--older-than <age>", "only entries older than this (30m, 12h, 7d, 2w)")
    .option("--json", "print JSON");
}

function filterOf(flags: CacheFlags, now: number): CacheFilter {
  const filter: CacheFilter = {};
  if (flags.provider !== undefined) filter.provider = flags.provider;
  if (flags.model !== undefined) filter.model = flags.model;
  if (flags.olderThan !== undefined) {
    const age = parseDuration(flags.olderThan);
    if (age === undefined) {
      throw new TuneopsError({ code: "input_invalid", message: `--older-than ${flags.olderThan} is not a duration`, location: { field: "--older-than" }, hint: "Use a number and a unit: 30m, 12h, 7d or 2w." });
    }
    filter.createdBefore = now - age;
  }
  return filter;
}

async function withStore<T>(context: CliContext, flags: CacheFlags, work: (store: Awaited<ReturnType<typeof openProjectStore>>) => Promise<T>): Promise<T> {
  const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function statsTable(rows: readonly CacheStatsRow[], width: number | undefined): string {
  const columns: TextColumn[] = [
    { header: "provider", align: "left", shrinkable: true },
    { header: "model", align: "left", shrinkable: true },
    { header: "entries", align: "right" },
    { header: "size", align: "right" },
    { header: "oldest", align: "left" },
    { header: "newest", align: "left" },
    { header: "model versions", align: "left", shrinkable: true },
  ];
  const day = (time: number): string => new Date(time).toISOString().replace("T", " ").slice(0, 16);
  const body = rows.map((row) => [
    { text: row.provider ?? "(not recorded)" },
    { text: row.model ?? "(not recorded)" },
    { text: String(row.entries) },
    { text: formatBytes(row.bytes) },
    { text: day(row.oldest) },
    { text: day(row.newest) },
    { text: row.modelVersions.length === 0 ? "-" : row.modelVersions.join(", ") },
  ]);
  return renderTextTable({ columns, rows: body, color: false, indent: "", ...(width === undefined ? {} : { width }) });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
