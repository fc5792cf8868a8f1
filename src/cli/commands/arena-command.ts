import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { Command } from "commander";
import { BattleTally, forEachBattleInFile, judgeBattles, judgeQuality, rateBattles, readBattlesFile, type ArenaRatings, type JudgeQuality, type RatedBattle } from "../../arena/index.js";
import type { ArenaConfig } from "../../config/arena-schema.js";
import { loadProject } from "../../config/load-project.js";
import { renderArenaHtml } from "../../report/index.js";
import { battleSources, type BattleFilter, type BattleRecord, type BattleSource } from "../../spec/arena-store.js";
import { TuneopsError } from "../../spec/errors.js";
import { arenaStoreOf } from "../../store/arena-store.js";
import type { CliContext } from "../context.js";
import { withInterrupt } from "../interrupt.js";
import { createResources, loadPrices, openProjectStore, projectDirOf } from "../compose.js";
import { paint, type Terminal } from "../terminal.js";
import { forThisShell } from "../invocation.js";

interface RateFlags {
  config: string;
  battles?: string;
  bootstrap?: string;
  seed: string;
  anchor?: string;
  source?: string;
  judge?: string;
  html?: string;
  json?: boolean;
}

export function registerArenaCommand(program: Command, context: CliContext): void {
  const arena = program.command("arena").description("Pairwise battles between models (LLM judges, human votes, imports) and Bradley-Terry ratings with bootstrap intervals.");
  arena
    .command("judge")
    .description("Judge two runs' outputs (or one run's candidates) pairwise on the cases they share, each pair in both orders; store the battles.")
    .requiredOption("--run <id>", "a run whose candidates take part (repeat: --run A --run B)", collect, [])
    .option("--judge <provider>", "provider that judges (default: arena.judge in tuneops.yaml)")
    .option("--concurrency <n>", "pairs judged at once (default: arena.concurrency, else 4)")
    .option("-c, --config <file>", "project file (its providers, and the store beside it)", "tuneops.yaml")
    .option("--json", "print JSON")
    .action(async (flags: { run: string[]; judge?: string; concurrency?: string; config: string; json?: boolean }) => {
      const loaded = await loadProject(resolve(flags.config));
      const projectDir = projectDirOf(loaded.path);
      const judgeName = flags.judge ?? loaded.config.arena.judge;
      if (judgeName === undefined) {
        throw new TuneopsError({ code: "input_invalid", message: "no judge given", location: { field: "--judge" }, hint: "Pass --judge <provider>, or set arena.judge in tuneops.yaml to one of your providers." });
      }
      const concurrency = flags.concurrency === undefined ? (loaded.config.arena.concurrency ?? 4) : parseCount("--concurrency", flags.concurrency, 1);
      const resources = createResources({ config: loaded.config, projectDir, prices: loadPrices(loaded.config, projectDir) });
      const store = await openProjectStore(context.environment, projectDir);
      try {
        if (resources.scorerModels === undefined) throw new TuneopsError({ code: "internal", message: "the project's resources offer no judge models" });
        const judge = await resources.scorerModels.judge(judgeName);
        // Ctrl-C stops handing out pairs; the verdicts already given are stored, and a rerun resumes.
        const outcome = await withInterrupt(context, (signal) =>
          judgeBattles({
            store,
            arena: arenaStoreOf(store),
            runs: flags.run,
            judge,
            judgeName,
            concurrency,
            showReference: loaded.config.arena.show_reference === true,
            signal,
            onProgress: progressPrinter(context.terminal),
          }),
        );
        context.terminal.clearStatus();
        if (flags.json) {
          context.terminal.out(JSON.stringify({ judge: judgeName, runs: flags.run, pairs: outcome.pairs, already_judged: outcome.alreadyJudged, judged: outcome.judged, failed: outcome.failed, inconsistent: outcome.inconsistent, first_error: outcome.firstError }, null, 2));
        } else {
          context.terminal.out(`${judgeName} judged ${outcome.judged} pairs (${outcome.inconsistent} whose two orders disagreed, stored as ties); ${outcome.alreadyJudged} of ${outcome.pairs} were judged before`);
          if (outcome.failed > 0) context.terminal.out(paint(context.terminal, "yellow", `${outcome.failed} pairs failed: ${outcome.firstError?.message ?? ""}`));
          context.terminal.out(forThisShell(context, paint(context.terminal, "dim", "next: tuneops arena rate")));
        }
        if (outcome.failed > 0) context.exitCode = 3;
      } finally {
        await resources.close?.();
        await store.close();
      }
    });

  arena
    .command("import")
    .description('Import battles from JSONL: {"a": "...", "b": "...", "winner": "a"|"b"|"tie", "judge": "...", "case": "..."} per line (Chatbot Arena\'s model_a/model_b shape too).')
    .argument("<file>", "battles file (.jsonl)")
    .option("--allow-duplicates", "store every line again even when the same battles were imported before")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--json", "print JSON")
    .action(async (file: string, flags: { config: string; json?: boolean; allowDuplicates?: boolean }) => {
      const battles = await readBattlesFile(file, { allowDuplicates: flags.allowDuplicates === true });
      const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
      try {
        const stored = await arenaStoreOf(store).insertBattles(battles);
        const already = battles.length - stored;
        if (flags.json) context.terminal.out(JSON.stringify({ file, imported: stored, already_imported: already }, null, 2));
        else {
          context.terminal.out(`imported ${stored} battles from ${file}${already > 0 ? `; ${already} were imported before and are kept once (--allow-duplicates stores them again)` : ""}`);
        }
      } finally {
        await store.close();
      }
    });

  arena
    .command("rate")
    .description("Bradley-Terry ratings (Elo scale) with bootstrap intervals, interval-respecting ranks and online Elo, from the stored battles or a file.")
    .option("--battles <file>", "rate the battles of this JSONL file instead of the stored ones")
    .option("--bootstrap <n>", "bootstrap rounds (default: arena.bootstrap, else 100)")
    .option("--seed <n>", "seed of the bootstrap", "0")
    .option("--anchor <model>", "pin this model at 1000 (default: the mean rating is 1000)")
    .option("--source <list>", `only battles from these sources (${battleSources.join(", ")}; comma-separated)`)
    .option("--judge <name>", "only battles of this judge (or voter)")
    .option("--html <file>", "also write a self-contained HTML report with the ratings chart")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--json", "print JSON")
    .action(async (flags: RateFlags) => {
      const arenaConfig = await arenaConfigOf(flags.config);
      const bootstrap = flags.bootstrap === undefined ? (arenaConfig.bootstrap ?? 100) : parseCount("--bootstrap", flags.bootstrap, 0);
      const seed = parseCount("--seed", flags.seed, 0);
      const anchor = flags.anchor ?? arenaConfig.anchor;
      const filter = battleFilter(flags);
      const rate = (battles: Iterable<RatedBattle> | AsyncIterable<RatedBattle>): Promise<ArenaRatings> => rateBattles(battles, { bootstrap, seed, ...(anchor === undefined ? {} : { anchor }) });
      let ratings: ArenaRatings;
      let judges: JudgeQuality[] | undefined;
      if (flags.battles !== undefined) {
        // Streamed into per-pair counts: a file of millions of battles is never held in memory.
        const tally = new BattleTally();
        await forEachBattleInFile(flags.battles, (battle) => {
          if (matches(battle, filter)) tally.add(battle);
        });
        ratings = tally.rate({ bootstrap, seed, ...(anchor === undefined ? {} : { anchor }) });
      } else {
        const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
        try {
          const kept: BattleRecord[] = [];
          ratings = await rate(collecting(arenaStoreOf(store).readBattles(filter), flags.html === undefined ? undefined : kept));
          if (flags.html !== undefined) judges = judgeQuality(kept);
        } finally {
          await store.close();
        }
      }
      if (ratings.battles === 0) {
        throw new TuneopsError({ code: "not_found", message: "no battles to rate", hint: "Create some with `tuneops arena judge`, `tuneops arena import FILE` or the voting page of `tuneops serve`; check --source and --judge." });
      }
      if (flags.html !== undefined) {
        const path = resolve(flags.html);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, renderArenaHtml({ title: "tuneops arena: ratings", ratings, ...(judges === undefined ? {} : { judges }) }));
      }
      if (flags.json) context.terminal.out(JSON.stringify(ratings, null, 2));
      else printRatings(context, ratings);
      if (flags.html !== undefined && !flags.json) context.terminal.out(`${paint(context.terminal, "dim", "report:")} ${relative(process.cwd(), resolve(flags.html)) || flags.html}`);
    });

  arena
    .command("judges")
    .description("How far each judge can be trusted: agreement with human votes (percent, Cohen's kappa), position bias, self-consistency across orders.")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--json", "print JSON")
    .action(async (flags: { config: string; json?: boolean }) => {
      const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
      let quality: JudgeQuality[];
      try {
        const battles: BattleRecord[] = [];
        for await (const battle of arenaStoreOf(store).readBattles()) battles.push(battle);
        quality = judgeQuality(battles);
      } finally {
        await store.close();
      }
      if (flags.json) {
        context.terminal.out(JSON.stringify(quality, null, 2));
        return;
      }
      if (quality.length === 0) {
        context.terminal.out(forThisShell(context, "no battles yet: run `tuneops arena judge`, import some, or vote on the page of `tuneops serve`"));
        return;
      }
      const rows = [["judge", "source", "battles", "agrees with people", "kappa", "first shown wins", "both orders agree"]];
      for (const item of quality) {
        const agreement = item.human_agreement;
        rows.push([
          item.judge,
          item.source,
          String(item.battles),
          agreement === null ? "-" : agreement.n === 0 ? "no shared votes" : `${percent(agreement.rate)} of ${agreement.n}`,
          agreement?.kappa === null || agreement === null ? "-" : agreement.kappa.toFixed(3),
          item.first_shown_wins.n === 0 ? "-" : `${percent(item.first_shown_wins.rate)} [${percent(item.first_shown_wins.ci_low)}, ${percent(item.first_shown_wins.ci_high)}] of ${item.first_shown_wins.n}`,
          item.order_consistency.n === 0 ? "-" : `${percent(item.order_consistency.rate)} of ${item.order_consistency.n}`,
        ]);
      }
      context.terminal.out(table(rows));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseCount(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new TuneopsError({ code: "input_invalid", message: `${flag} ${text}: expected a whole number >= ${minimum}`, location: { field: flag } });
  }
  return value;
}

async function arenaConfigOf(configPath: string): Promise<ArenaConfig> {
  const path = resolve(configPath);
  if (!existsSync(path)) return {};
  return (await loadProject(path)).config.arena;
}

function battleFilter(flags: { source?: string; judge?: string }): BattleFilter {
  const filter: BattleFilter = {};
  if (flags.source !== undefined) {
    const sources = flags.source.split(",").map((source) => source.trim()).filter((source) => source !== "");
    for (const source of sources) {
      if (!(battleSources as readonly string[]).includes(source)) {
        throw new TuneopsError({ code: "input_invalid", message: `--source ${source}: unknown source`, location: { field: "--source" }, hint: `Sources: ${battleSources.join(", ")}.` });
      }
    }
    filter.sources = sources as BattleSource[];
  }
  if (flags.judge !== undefined) filter.judge = flags.judge;
  return filter;
}

function matches(battle: { source: BattleSource; judge: string }, filter: BattleFilter): boolean {
  return (filter.sources === undefined || filter.sources.includes(battle.source)) && (filter.judge === undefined || battle.judge === filter.judge);
}

/** Passes battles through, keeping a copy when `into` is given (for the report's judge table). */
async function* collecting(battles: AsyncIterable<BattleRecord>, into: BattleRecord[] | undefined): AsyncIterable<BattleRecord> {
  for await (const battle of battles) {
    into?.push(battle);
    yield battle;
  }
}

function progressPrinter(terminal: Terminal): (progress: { done: number; total: number; failed: number }) => void {
  let lastDecile = -1;
  return ({ done, total, failed }) => {
    const fraction = total === 0 ? 1 : done / total;
    const text = `judged ${done}/${total} pairs${failed > 0 ? `, ${failed} failed` : ""}`;
    if (terminal.interactive) {
      terminal.status(text);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      terminal.err(`progress ${(fraction * 100).toFixed(0)}% ${text}`);
    }
  };
}

function percent(value: number | null): string {
  return value === null ? "-" : `${(value * 100).toFixed(1)}%`;
}

function printRatings(context: CliContext, ratings: ArenaRatings): void {
  const round = (value: number | null, unbounded: string): string => (value === null ? (ratings.bootstrap > 0 ? unbounded : "-") : value.toFixed(1));
  const grouped = ratings.groups !== undefined;
  if (ratings.groups !== undefined) {
    const names = ratings.groups.map((group) => `group ${group.group} (${group.models.join(", ")})`).join("; ");
    context.terminal.out(paint(context.terminal, "yellow", `these battles fall into ${ratings.groups.length} groups of models that never met: ${names}. Ratings and ranks compare models within their group only.`));
  }
  const rows = [[...(grouped ? ["group"] : []), "rank", "model", "rating", "ci_low", "ci_high", "battles", "wins", "losses", "ties", "elo"]];
  for (const model of ratings.models) {
    rows.push([
      ...(grouped ? [String(model.group ?? "")] : []),
      String(model.rank),
      model.model,
      round(model.rating, "-"),
      round(model.ci_low, "-inf"),
      round(model.ci_high, "+inf"),
      String(model.battles),
      String(model.wins),
      String(model.losses),
      String(model.ties),
      round(model.elo, "-"),
    ]);
  }
  const modelColumn = grouped ? 2 : 1;
  context.terminal.out(table(rows, new Set(rows[0]!.map((_, column) => column).filter((column) => column !== modelColumn))));
  const percentLevel = Math.round(ratings.confidence * 100);
  context.terminal.out(
    paint(
      context.terminal,
      "dim",
      `Bradley-Terry (ties half), Elo scale with ${ratings.scale}; ${percentLevel}% intervals from ${ratings.bootstrap} bootstrap rounds (seed ${ratings.seed}) over ${ratings.battles} battles; elo = online Elo, K = 4.`,
    ),
  );
  if (ratings.regularized) context.terminal.out(paint(context.terminal, "yellow", "some model never lost or never won: a weak prior keeps its rating finite; read its interval as open-ended"));
}

function table(rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) => row.map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join("  ").trimEnd())
    .join("\n");
}
