import { join, resolve } from "node:path";
import type { Command } from "commander";
import { loadProject } from "../../config/load-project.js";
import { resumeEvaluation, runEvaluation, type EvaluationOutcome } from "../../eval/run-evaluation.js";
import { exitCodes, TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { createResources, loadPrices, openProjectStore, projectDirOf } from "../compose.js";
import { createProgressRenderer } from "../progress.js";
import { printOutcome, writeReports } from "../report-output.js";
import { withInterrupt } from "../interrupt.js";
import { cachePolicyOf } from "../cache-policy-flags.js";
import { readRunSnapshot } from "../../eval/run-snapshot.js";

interface EvalFlags {
  config: string;
  resume?: string;
  cache: boolean;
  refreshCache?: boolean;
  json?: boolean;
  html?: string;
  markdown?: string;
  junit?: string;
  limit?: string;
  allowBadRows?: boolean;
  judgeSamples?: string;
}

export function registerEvalCommand(program: Command, context: CliContext): void {
  program
    .command("eval")
    .description("Evaluate the candidates of one or more suites of tuneops.yaml (all suites by default).")
    .argument("[suites...]", "suite names (see `evals:` in tuneops.yaml)")
    .option("-c, --config <file>", "project file", "tuneops.yaml")
    .option("--resume <run-id>", "finish an interrupted run with the options it started with (limit, cache, judge samples): no result lost or duplicated")
    .option("--no-cache", "neither read nor write the response cache")
    .option("--refresh-cache", "call the models even for cached cases and overwrite the cache entries (after an upstream changed its answers)")
    .option("--json", "print the run summary as JSON (docs/run-summary.md) on stdout")
    .option("--html <file>", "write the HTML report here (default .tuneops/reports/RUN.html)")
    .option("--markdown <file>", "write a Markdown report")
    .option("--junit <file>", "write JUnit XML (gates as test cases)")
    .option("--limit <n>", "evaluate only the first N cases")
    .option("--allow-bad-rows", "evaluate the valid rows even if some rows cannot be read (they are listed)")
    .option("--judge-samples <k>", "judge each case K times (judge scorers without their own `samples`) and report the judges' self-consistency")
    .action(async (suites: string[], flags: EvalFlags) => {
      const outcomes = await runEvalCommand(context, suites, flags);
      if (outcomes.some((outcome) => outcome.run.status === "interrupted")) context.exitCode = 130;
      else if (outcomes.some((outcome) => outcome.summary.gates.some((gate) => !gate.passed))) context.exitCode = exitCodes.gateFailed;
    });
}

async function runEvalCommand(context: CliContext, suites: string[], flags: EvalFlags): Promise<EvaluationOutcome[]> {
  const limit = flags.limit === undefined ? undefined : parsePositive(flags.limit, "--limit");
  const judgeSamples = flags.judgeSamples === undefined ? undefined : parsePositive(flags.judgeSamples, "--judge-samples");
  const loaded = await loadProject(resolve(flags.config));
  const projectDir = projectDirOf(loaded.path);
  const store = await openProjectStore(context.environment, projectDir);
  const prices = loadPrices(loaded.config, projectDir);
  const outcomes: EvaluationOutcome[] = [];
  try {
    const common = {
      store,
      events: createProgressRenderer(context.terminal),
      ...(context.environment.TUNEOPS_STORE_RETRY_SECONDS === undefined ? {} : { storeRetryMs: context.environment.TUNEOPS_STORE_RETRY_SECONDS * 1000 }),
    };
    if (flags.resume) {
      refuseResumeOverrides(suites, flags);
      const run = await store.getRun(flags.resume);
      // The run's own snapshot holds every provider it uses (candidates, judges, embedders).
      const resources = createResources({ config: run ? readRunSnapshot(run).config : loaded.config, projectDir, prices });
      outcomes.push(await withInterrupt(context, (signal) => resumeEvaluation({ ...common, cache: cachePolicyOf(loaded.config, flags), resources, runId: flags.resume!, signal })));
    } else {
      const names = suites.length > 0 ? suites : Object.keys(loaded.config.evals);
      if (names.length === 0) {
        throw new TuneopsError({ code: "config_invalid", message: `${loaded.path}: no eval suites`, location: { file: loaded.path, field: "evals" }, hint: "Add a suite under `evals:` (see `tuneops init`)." });
      }
      const options = {
        ...common,
        cache: cachePolicyOf(loaded.config, flags),
        allowBadRows: flags.allowBadRows ?? false,
        ...(judgeSamples === undefined ? {} : { judgeSamples }),
      };
      for (const suite of names) {
        const resources = createResources({ config: loaded.config, projectDir, prices });
        const outcome = await withInterrupt(context, (signal) =>
          runEvaluation({ ...options, resources, config: loaded.config, projectDir, suite, signal, ...(limit === undefined ? {} : { limit }) }),
        );
        outcomes.push(outcome);
        if (outcome.run.status === "interrupted") break;
      }
    }
    for (const outcome of outcomes) {
      const html = flags.html && outcomes.length === 1 ? resolve(flags.html) : join(projectDir, ".tuneops", "reports", `${outcome.run.id}.html`);
      await writeReports(outcome, { html, markdown: flags.markdown, junit: flags.junit });
      if (!flags.json) printOutcome(context, outcome, html);
    }
    if (flags.json) {
      const summaries = outcomes.map((outcome) => outcome.summary);
      context.terminal.out(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2));
    }
    return outcomes;
  } finally {
    await store.close();
  }
}

/** A resumed run keeps the options it started with; a flag that would change them is a mistake to name. */
function refuseResumeOverrides(suites: string[], flags: EvalFlags): void {
  const given = [
    suites.length > 0 ? `suite ${suites.join(", ")}` : null,
    flags.limit !== undefined ? "--limit" : null,
    flags.cache ? null : "--no-cache",
    flags.refreshCache ? "--refresh-cache" : null,
    flags.allowBadRows ? "--allow-bad-rows" : null,
    flags.judgeSamples !== undefined ? "--judge-samples" : null,
  ].filter((flag): flag is string => flag !== null);
  if (given.length === 0) return;
  throw new TuneopsError({
    code: "input_invalid",
    message: `--resume ${flags.resume} keeps the options the run started with, so ${given.join(", ")} cannot be given with it`,
    location: { field: "--resume" },
    hint: "Resume without them, or start a new run with `tuneops eval` and the options you want.",
  });
}

function parsePositive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new TuneopsError({ code: "input_invalid", message: `${flag}: expected a positive whole number, got "${text}"` });
  }
  return value;
}
