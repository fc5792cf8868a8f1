import { once } from "node:events";
import { resolve } from "node:path";
import type { Command } from "commander";
import { compareRuns } from "../../eval/compare-runs.js";
import { readRunCaseRows, runCaseCsvColumns, runCaseCsvLine } from "../../eval/run-case-rows.js";
import { readRunFailures } from "../../eval/run-failures.js";
import { markDeadRuns } from "../../eval/run-liveness.js";
import { renderTerminal } from "../../report/index.js";
import { TuneopsError } from "../../spec/errors.js";
import type { RunSummary } from "../../spec/run-summary.js";
import type { RunRecord, Store } from "../../spec/store.js";
import type { CliContext } from "../context.js";
import { openProjectStore, projectDirOf } from "../compose.js";
import { parseCount } from "../parse-count.js";
import { paint } from "../terminal.js";
import { forThisShell } from "../invocation.js";

export function registerRunsCommand(program: Command, context: CliContext): void {
  const runs = program.command("runs").description("List, show and compare stored evaluation runs.");
  registerCompare(runs, context);
  runs
    .command("list")
    .description("List recent runs, newest first, with the results stored of those planned; a run whose process died is marked interrupted.")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--limit <n>", "how many", "20")
    .option("--json", "print JSON")
    .action(async (flags: { config: string; limit: string; json?: boolean }) => {
      const limit = parseCount({ flag: "--limit", text: flags.limit, min: 1, max: 10_000 });
      const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
      try {
        const list = await markDeadRuns(store, await store.listRuns({ limit }));
        const stored = await store.countResultsByRun(list.map((run) => run.id));
        if (flags.json) {
          const entries = list.map((run) => ({
            id: run.id,
            project: run.project,
            suite: run.suite,
            status: run.status,
            planned: run.plannedCount,
            stored: stored.get(run.id) ?? 0,
            created_at: new Date(run.createdAt).toISOString(),
            ended_at: run.endedAt === null ? null : new Date(run.endedAt).toISOString(),
            host: run.owner?.host ?? null,
            pid: run.owner?.pid ?? null,
            heartbeat_at: run.heartbeatAt === null ? null : new Date(run.heartbeatAt).toISOString(),
          }));
          context.terminal.out(JSON.stringify(entries, null, 2));
          return;
        }
        if (list.length === 0) {
          context.terminal.out(forThisShell(context, "no runs yet: start one with `tuneops eval`"));
          return;
        }
        const rows = [["run", "suite", "status", "results", "created"]];
        for (const run of list) {
          rows.push([run.id, run.suite, run.status, `${stored.get(run.id) ?? 0}/${run.plannedCount}`, new Date(run.createdAt).toISOString().replace("T", " ").slice(0, 19)]);
        }
        context.terminal.out(table(rows));
      } finally {
        await store.close();
      }
    });
  runs
    .command("show")
    .description("Show a run's summary.")
    .argument("<run-id>")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--json", "print the run summary JSON")
    .option("--cases", "export every result instead of the summary: case id, input, expected, output, pass, each scorer's score and reason, error")
    .option("--failing", "with --cases: only the failing results (the call failed or a scorer did not pass)")
    .option("--candidate <id>", "with --cases: only this candidate's results")
    .option("--format <format>", "with --cases: jsonl (one JSON object a line) or csv", "jsonl")
    .action(async (runId: string, flags: ShowFlags) => {
      const format = checkCaseFlags(flags);
      const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
      try {
        const found = await store.getRun(runId);
        if (!found) throw new TuneopsError({ code: "not_found", message: `no run with id ${runId}`, hint: "List runs with `tuneops runs list`." });
        if (format !== null) {
          await exportCases({ store, run: found, flags, format });
          return;
        }
        const [run = found] = await markDeadRuns(store, [found]);
        if (!run.summary) {
          context.terminal.out(forThisShell(context, `run ${run.id} is ${run.status} and has no summary yet${run.status === "interrupted" || run.status === "running" ? `: finish it with \`tuneops eval --resume ${run.id}\`` : ""}`));
          return;
        }
        const summary = run.summary as RunSummary;
        const errors = flags.json || summary.candidates.every((candidate) => candidate.errors === 0) ? [] : (await readRunFailures({ store, run })).errors;
        context.terminal.out(flags.json ? JSON.stringify(summary, null, 2) : renderTerminal(summary, { color: context.terminal.color, width: context.terminal.width, errors }));
        if (!flags.json && run.status !== "completed") context.terminal.out(paint(context.terminal, "yellow", `status: ${run.status}`));
      } finally {
        await store.close();
      }
    });
}

function registerCompare(runs: Command, context: CliContext): void {
  runs
    .command("compare")
    .description("Paired comparison of two runs (or two candidates of one run) on the cases both ran: which is better on which metric, or how many cases it would take to tell.")
    .argument("<run-a>", "the reference run")
    .argument("<run-b>", "the run compared with it (may be the same run)")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--candidate-a <id>", "candidate of run A (default: its only candidate, or every id both runs share)")
    .option("--candidate-b <id>", "candidate of run B")
    .option("--json", "print JSON")
    .action(async (runA: string, runB: string, flags: { config: string; candidateA?: string; candidateB?: string; json?: boolean }) => {
      const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
      try {
        const compared = await compareRuns({
          store,
          runA,
          runB,
          ...(flags.candidateA ? { candidateA: flags.candidateA } : {}),
          ...(flags.candidateB ? { candidateB: flags.candidateB } : {}),
        });
        if (flags.json) {
          context.terminal.out(JSON.stringify(compared.map((entry) => ({ a: entry.a, b: entry.b, shared_cases: entry.sharedCases, comparisons: entry.comparisons })), null, 2));
          return;
        }
        for (const entry of compared) {
          context.terminal.out(paint(context.terminal, "bold", `${entry.b.candidate} (${entry.b.run}) against ${entry.a.candidate} (${entry.a.run}): ${entry.sharedCases} shared cases`));
          if (entry.comparisons.length === 0) context.terminal.out("  no metric in common with at least 2 paired cases");
          for (const comparison of entry.comparisons) {
            const style = comparison.verdict === "tie" ? "dim" : "green";
            context.terminal.out(`  ${paint(context.terminal, style, comparison.verdict === "tie" ? "tie " : "diff")}  ${comparison.statement}`);
          }
        }
      } finally {
        await store.close();
      }
    });
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()).join("\n");
}

interface ShowFlags {
  config: string;
  json?: boolean;
  cases?: boolean;
  failing?: boolean;
  candidate?: string;
  format: string;
}

/** The export format when `--cases` is given (null: show the summary); options that need `--cases` say so. */
function checkCaseFlags(flags: ShowFlags): "jsonl" | "csv" | null {
  if (flags.cases !== true) {
    const stray = flags.failing === true ? "--failing" : flags.candidate !== undefined ? "--candidate" : flags.format !== "jsonl" ? "--format" : null;
    if (stray !== null) throw new TuneopsError({ code: "input_invalid", message: `${stray} applies to the exported cases`, location: { field: stray }, hint: "Add --cases: tuneops runs show RUN --cases --failing --format csv." });
    return null;
  }
  if (flags.format !== "jsonl" && flags.format !== "csv") {
    throw new TuneopsError({ code: "input_invalid", message: `--format ${flags.format}: expected jsonl or csv`, location: { field: "--format" } });
  }
  return flags.format;
}

/** Streams every (or every failing) result of the run to stdout, waiting whenever stdout is full. */
async function exportCases(options: { store: Store; run: RunRecord; flags: ShowFlags; format: "jsonl" | "csv" }): Promise<void> {
  const { store, run, flags, format } = options;
  const candidates = (run.config as { candidateIds?: unknown } | null)?.candidateIds;
  if (flags.candidate !== undefined && Array.isArray(candidates) && !candidates.includes(flags.candidate)) {
    throw new TuneopsError({ code: "input_invalid", message: `--candidate ${flags.candidate}: run ${run.id} has no such candidate`, location: { field: "--candidate" }, hint: `Candidates: ${candidates.join(", ")}.` });
  }
  const write = async (line: string): Promise<void> => {
    if (!process.stdout.write(`${line}\n`)) await once(process.stdout, "drain");
  };
  if (format === "csv") await write(runCaseCsvColumns.join(","));
  const rows = readRunCaseRows({ store, run, failingOnly: flags.failing === true, ...(flags.candidate === undefined ? {} : { candidate: flags.candidate }) });
  for await (const row of rows) await write(format === "csv" ? runCaseCsvLine(row) : JSON.stringify(row));
}

