import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { Command } from "commander";
import { loadProject } from "../../config/load-project.js";
import { decide } from "../../decide/decide.js";
import { renderDecisionHtml } from "../../report/render-decision-html.js";
import { renderDecisionText } from "../../report/render-decision-text.js";
import { TuneopsError } from "../../spec/errors.js";
import type { RunSummary } from "../../spec/run-summary.js";
import type { RunRecord, Store } from "../../spec/store.js";
import type { CliContext } from "../context.js";
import { loadPrices, openProjectStore, projectDirOf } from "../compose.js";
import { paint } from "../terminal.js";

interface DecideFlags {
  config: string;
  run?: string[];
  suite?: string;
  json?: boolean;
  html?: string;
  volume?: string;
}

const useCaseExample = "use_case:\n  audience: customer-facing\n  volume_per_month: 50000\n  value_per_success_usd: 1.5\n  cost_per_failure_usd: 2\n  slo: { quality: { metric: pass_rate, min: 0.8 }, latency_p95_ms: 3000 }";

export function registerDecideCommand(program: Command, context: CliContext): void {
  program
    .command("decide")
    .description("Weigh the measured options (no-LLM baseline, prompting, RAG, fine-tuned, self-hosted) against the use case: total cost, quality, service levels, net value, break-even and the recommendation.")
    .option("-c, --config <file>", "project file (with `use_case:`)", "tuneops.yaml")
    .option("--run <id>", "a run to weigh (repeat for several; default: the latest completed run)", (value: string, previous: string[] = []) => [...previous, value])
    .option("--suite <name>", "without --run: the latest completed run of this suite")
    .option("--volume <n>", "requests a month, instead of use_case.volume_per_month (what if)")
    .option("--json", "print the decision as JSON (docs/decide.md)")
    .option("--html <file>", "also write the decision as an HTML report with charts")
    .action(async (flags: DecideFlags) => {
      const volume = flags.volume === undefined ? undefined : Number(flags.volume);
      if (volume !== undefined && !(Number.isFinite(volume) && volume >= 0)) {
        throw new TuneopsError({ code: "input_invalid", message: `--volume: expected a number of requests a month (0 or more), got "${flags.volume}"` });
      }
      const loaded = await loadProject(resolve(flags.config));
      const useCase = loaded.config.use_case;
      if (useCase === undefined) {
        throw new TuneopsError({
          code: "config_invalid",
          message: `${loaded.path}: no \`use_case:\`; decide needs the use case's volume, value and service levels`,
          location: { file: loaded.path, field: "use_case" },
          hint: `Add, for example:\n${useCaseExample}\n(docs/decide.md explains every field)`,
        });
      }
      const store = await openProjectStore(context.environment, projectDirOf(loaded.path));
      try {
        const runs = await chooseRuns(store, { project: loaded.config.project, ...(flags.run ? { ids: flags.run } : {}), ...(flags.suite ? { suite: flags.suite } : {}) });
        const report = decide({ runs: runs.map((run) => ({ summary: run.summary as RunSummary, config: run.config })), useCase, prices: loadPrices(loaded.config, projectDirOf(loaded.path)), ...(volume === undefined ? {} : { volumePerMonth: volume }) });
        if (flags.html) {
          const path = resolve(flags.html);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, renderDecisionHtml(report, { project: loaded.config.project }));
          if (!flags.json) context.terminal.err(`${paint(context.terminal, "dim", "report:")} ${relative(process.cwd(), path) || path}`);
        }
        context.terminal.out(flags.json ? JSON.stringify(report, null, 2) : renderDecisionText(report, { color: context.terminal.color, width: context.terminal.width }));
      } finally {
        await store.close();
      }
    });
}

async function chooseRuns(store: Store, options: { project: string; ids?: string[]; suite?: string }): Promise<RunRecord[]> {
  if (options.ids !== undefined) {
    const runs: RunRecord[] = [];
    for (const id of options.ids) {
      const run = await store.getRun(id);
      if (!run) throw new TuneopsError({ code: "not_found", message: `--run ${id}: no run with this id`, hint: "List runs with `tuneops runs list`." });
      if (!run.summary) throw new TuneopsError({ code: "input_invalid", message: `--run ${id}: the run is ${run.status} and has no summary yet`, hint: `Finish it with \`tuneops eval --resume ${id}\`.` });
      runs.push(run);
    }
    return runs;
  }
  const recent = await store.listRuns({ project: options.project, limit: 500 });
  const latest = recent.find((run) => run.status === "completed" && run.summary !== null && (options.suite === undefined || run.suite === options.suite));
  if (!latest) {
    const which = options.suite === undefined ? "" : ` of suite "${options.suite}"`;
    throw new TuneopsError({ code: "not_found", message: `no completed run${which} in project ${options.project}`, hint: "Run `tuneops eval` first, or pass --run ID." });
  }
  return [latest];
}
