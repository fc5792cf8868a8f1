import type { Command } from "commander";
import { abortableSleep } from "../../eval/call-model.js";
import { followFineTuneJob } from "../../finetune/jobs/follow-fine-tune-job.js";
import { syncFineTuneJob, type SyncOutcome } from "../../finetune/jobs/sync-fine-tune-job.js";
import { exitCodes, TuneopsError } from "../../spec/errors.js";
import { isFinalFineTuneState, type FineTuneMetricPoint } from "../../spec/finetune-backend.js";
import type { FineTuneJobRecord, FineTuneStore } from "../../spec/finetune-store.js";
import type { CliContext } from "../context.js";
import type { FinetuneProject } from "../finetune-compose.js";
import { backendOfJob, jobJson, printJob, withFinetuneStore } from "../finetune-job-view.js";
import { withInterrupt } from "../interrupt.js";
import { forThisShell } from "../invocation.js";
import { parseCount } from "../parse-count.js";

interface JobFlags {
  config: string;
  json?: boolean;
}

const configOption = ["-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml"] as const;

/** `finetune status|follow|list|cancel|events`: every command works from the store, so any process can run it. */
export function registerFinetuneJobs(finetune: Command, context: CliContext): void {
  finetune
    .command("status")
    .description("Poll a job once (unless it is finished) and show it.")
    .argument("<job-id>")
    .option(...configOption)
    .option("--json", "print JSON (with metrics)")
    .action((jobId: string, flags: JobFlags) =>
      withFinetuneStore(context, flags.config, async (registry, project) => {
        const job = await refreshed(registry, project, jobId);
        if (flags.json) context.terminal.out(JSON.stringify({ ...jobJson(job), metrics: await registry.listMetrics(job.id) }, null, 2));
        else {
          printJob(context, job);
          const last = (await registry.listMetrics(job.id)).at(-1);
          if (last) context.terminal.out(`  last metrics (step ${last.step}): ${Object.entries(last.values).map(([key, value]) => `${key}=${formatNumber(value)}`).join(", ")}`);
        }
      }),
    );

  finetune
    .command("follow")
    .description("Follow a job until it finishes (Ctrl-C stops following; the job keeps running).")
    .argument("<job-id>")
    .option(...configOption)
    .option("--json", "print the final job as JSON")
    .action((jobId: string, flags: JobFlags) =>
      withFinetuneStore(context, flags.config, async (registry, project) => {
        const job = await requireJob(registry, jobId);
        const { backend, config } = backendOfJob(project, job);
        const outcome = await withInterrupt(context, (signal) =>
          followFineTuneJob({ store: registry, backend, jobId, now: Date.now, intervalMs: project.finetune.poll_interval_ms, sleep: (ms, s) => abortableSleep(ms, s).catch(() => undefined), signal, ...(config.type === "local" && config.gpu_hour_usd !== undefined ? { gpuHourUsd: config.gpu_hour_usd } : {}), onUpdate: followOutput(context, flags.json === true) }),
        );
        if (flags.json) context.terminal.out(JSON.stringify(jobJson(outcome.job), null, 2));
        else printJob(context, outcome.job);
        if (!isFinalFineTuneState(outcome.job.state)) context.terminal.out(forThisShell(context, `still ${outcome.job.state}: resume with \`tuneops finetune follow ${jobId}\``));
        if (outcome.job.state === "failed") context.exitCode = exitCodes.runtimeFailure;
      }),
    );

  finetune
    .command("list")
    .description("List fine-tuning jobs, newest first (as last polled).")
    .option(...configOption)
    .option("--limit <n>", "how many", "20")
    .option("--json", "print JSON")
    .action((flags: JobFlags & { limit: string }) => {
      const limit = parseCount({ flag: "--limit", text: flags.limit, min: 1, max: 10_000 });
      return withFinetuneStore(context, flags.config, async (registry) => {
        const jobs = await registry.listJobs({ limit });
        if (flags.json) return context.terminal.out(JSON.stringify(jobs.map(jobJson), null, 2));
        if (jobs.length === 0) return context.terminal.out(forThisShell(context, "no fine-tuning jobs yet: start one with `tuneops finetune start`"));
        const rows = [["job", "state", "backend", "base model", "model", "cost"]];
        for (const job of jobs) rows.push([job.id, job.state, job.backend, job.baseModel, job.fineTunedModel ?? "-", job.costUsd === null ? "-" : `$${job.costUsd.toFixed(4)}`]);
        context.terminal.out(table(rows));
      });
    });

  finetune
    .command("cancel")
    .description("Cancel a job that has not finished.")
    .argument("<job-id>")
    .option(...configOption)
    .option("--json", "print JSON")
    .action((jobId: string, flags: JobFlags) =>
      withFinetuneStore(context, flags.config, async (registry, project) => {
        const job = await requireJob(registry, jobId);
        if (isFinalFineTuneState(job.state)) throw new TuneopsError({ code: "input_invalid", message: `job ${jobId} is already ${job.state}` });
        const { backend } = backendOfJob(project, job);
        if (!backend.capabilities.cancel) throw new TuneopsError({ code: "input_invalid", message: `the ${job.backend} backend cannot cancel jobs` });
        if (job.externalId !== null) await backend.cancel(job.externalId);
        await registry.appendEvents(jobId, [{ id: `tuneops-cancel-${Date.now()}`, createdAt: Date.now(), level: "warn", message: "cancel requested from tuneops" }]);
        const updated = (await syncFineTuneJob({ store: registry, backend, jobId, now: Date.now })).job;
        if (flags.json) context.terminal.out(JSON.stringify(jobJson(updated), null, 2));
        else printJob(context, updated);
      }),
    );

  finetune
    .command("events")
    .description("Show a job's events (polling it first unless it is finished).")
    .argument("<job-id>")
    .option(...configOption)
    .option("--json", "print JSON")
    .action((jobId: string, flags: JobFlags) =>
      withFinetuneStore(context, flags.config, async (registry, project) => {
        await refreshed(registry, project, jobId);
        const events = await registry.listEvents(jobId);
        if (flags.json) return context.terminal.out(JSON.stringify(events.map((event) => ({ ...event, createdAt: new Date(event.createdAt).toISOString() })), null, 2));
        for (const event of events) context.terminal.out(`${new Date(event.createdAt).toISOString()}  ${event.level.padEnd(5)}  ${event.message}`);
      }),
    );
}

/** Progress while following (stderr): each new event on its own line, the state on the status line; `quiet` (JSON on stdout) keeps only the registration notice. */
export function followOutput(context: CliContext, quiet: boolean): (outcome: SyncOutcome) => void {
  let lastStep = -Infinity;
  return (outcome) => {
    if (outcome.registered) context.terminal.err(forThisShell(context, `registered model ${outcome.registered.id} (${outcome.registered.target}): see \`tuneops models show ${outcome.registered.id}\``));
    if (quiet) return;
    for (const event of outcome.newEvents) context.terminal.err(`${new Date(event.createdAt).toISOString()}  ${event.message}`);
    for (const point of outcome.metrics) {
      if (point.step <= lastStep) continue;
      lastStep = point.step;
      context.terminal.err(formatMetricPoint(point));
    }
    context.terminal.status(`${outcome.job.id}: ${outcome.job.state}${outcome.job.backendStatus ? ` (${outcome.job.backendStatus})` : ""}`);
  };
}

/**
 * One training log line as the trainer reported it: `step 3  epoch 0.6  loss 0.6667  learning_rate 0.0002`,
 * then its other figures (grad_norm, train_runtime, ...) under the trainer's names, numbers unrounded.
 */
export function formatMetricPoint(point: FineTuneMetricPoint): string {
  const first = ["loss", "learning_rate"].filter((key) => point.values[key] !== undefined);
  const rest = Object.keys(point.values).filter((key) => !first.includes(key));
  const parts = [`step ${point.step}`, ...(point.epoch === undefined ? [] : [`epoch ${point.epoch}`]), ...[...first, ...rest].map((key) => `${key} ${point.values[key]}`)];
  return parts.join("  ");
}

async function requireJob(registry: FineTuneStore, jobId: string): Promise<FineTuneJobRecord> {
  const job = await registry.getJob(jobId);
  if (!job) throw new TuneopsError({ code: "not_found", message: `no fine-tuning job with id ${jobId}`, hint: "List jobs with `tuneops finetune list`." });
  return job;
}

async function refreshed(registry: FineTuneStore, project: FinetuneProject, jobId: string): Promise<FineTuneJobRecord> {
  const job = await requireJob(registry, jobId);
  if (isFinalFineTuneState(job.state)) return job;
  const { backend, config } = backendOfJob(project, job);
  return (await syncFineTuneJob({ store: registry, backend, jobId, now: Date.now, ...(config.type === "local" && config.gpu_hour_usd !== undefined ? { gpuHourUsd: config.gpu_hour_usd } : {}) })).job;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()).join("\n");
}
