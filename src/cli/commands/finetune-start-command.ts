import { resolve } from "node:path";
import type { Command } from "commander";
import { validateTrainingData } from "../../finetune/data/validate-training-data.js";
import { followFineTuneJob } from "../../finetune/jobs/follow-fine-tune-job.js";
import { startFineTuneJob, unsupportedSettings } from "../../finetune/jobs/start-fine-tune-job.js";
import { abortableSleep } from "../../eval/call-model.js";
import { newRunId } from "../../eval/run-id.js";
import { exitCodes, TuneopsError } from "../../spec/errors.js";
import type { FineTuneHyperparameters, FineTuneMethod } from "../../spec/finetune-backend.js";
import type { CliContext } from "../context.js";
import { fineTuneBackendFor } from "../finetune-compose.js";
import { jobJson, printJob, withFinetuneStore } from "../finetune-job-view.js";
import { withInterrupt } from "../interrupt.js";
import { followOutput } from "./finetune-jobs-command.js";
import { forThisShell } from "../invocation.js";

interface StartFlags {
  config: string;
  backend: string;
  model: string;
  train: string;
  validation?: string;
  method?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  learningRateMultiplier?: string;
  loraRank?: string;
  loraAlpha?: string;
  beta?: string;
  suffix?: string;
  seed?: string;
  useCase?: string;
  validate: boolean;
  follow?: boolean;
  json?: boolean;
}

export function registerFinetuneStart(finetune: Command, context: CliContext): void {
  finetune
    .command("start")
    .description("Validate a training file and start a fine-tuning job (recorded in the store; follow it from any process).")
    .requiredOption("--model <base>", "base model to fine-tune")
    .requiredOption("--train <file>", "training file (OpenAI chat JSONL, or preference pairs)")
    .option("--backend <name>", "fine-tuning backend (finetune.backends in tuneops.yaml; built in: openai, together, local)", "openai")
    .option("--validation <file>", "validation file")
    .option("--method <method>", "supervised or preference (default: from the training file's format)")
    .option("--epochs <n>")
    .option("--batch-size <n>")
    .option("--learning-rate <rate>", "absolute learning rate (local, together)")
    .option("--learning-rate-multiplier <x>", "multiplier of the provider's default (openai)")
    .option("--lora-rank <r>")
    .option("--lora-alpha <alpha>")
    .option("--beta <beta>", "DPO beta (preference method)")
    .option("--suffix <text>", "added to the fine-tuned model's name")
    .option("--seed <n>")
    .option("--use-case <suite>", "evaluation suite the model is for (registry lineage and promotion gate)")
    .option("--no-validate", "skip validating the training file first")
    .option("--follow", "wait for the job to finish, showing progress")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--json", "print JSON")
    .action(async (flags: StartFlags) => {
      const trainingFile = resolve(flags.train);
      const report = flags.validate ? await validateTrainingData({ path: trainingFile, pii: false }) : undefined;
      if (report && !report.ok) {
        const first = report.errors[0]!;
        throw new TuneopsError({
          code: "dataset_invalid",
          message: `${flags.train}:${first.line}: ${first.code}: ${first.message} (${report.errors.length} error(s) in all)`,
          location: { file: flags.train, line: first.line },
          hint: `Run \`tuneops finetune validate ${flags.train}\` to see every problem, fix them, then start again.`,
        });
      }
      const method = methodOf(flags.method, report?.format ?? null);
      const hyperparameters = hyperparametersOf(flags);
      await withFinetuneStore(context, flags.config, async (registry, project) => {
        const { backend, config } = fineTuneBackendFor(project, flags.backend);
        for (const key of unsupportedSettings(backend, { method, hyperparameters })) context.terminal.err(`warning: the ${flags.backend} backend ignores ${key}`);
        const job = await startFineTuneJob({
          store: registry,
          backend,
          backendName: flags.backend,
          project: project.project,
          id: `ft-${newRunId()}`,
          baseModel: flags.model,
          method,
          trainingFile,
          ...(flags.validation ? { validationFile: resolve(flags.validation) } : {}),
          hyperparameters,
          ...(flags.suffix ? { suffix: flags.suffix } : {}),
          ...(flags.seed ? { seed: integer("--seed", flags.seed) } : {}),
          ...(flags.useCase ? { useCase: flags.useCase } : {}),
          ...(config.type !== "local" && config.training_price_per_mtok !== undefined ? { trainingPricePerMTok: config.training_price_per_mtok } : {}),
          now: Date.now,
        });
        if (!flags.follow) {
          if (flags.json) context.terminal.out(JSON.stringify(jobJson(job), null, 2));
          else {
            printJob(context, job);
            context.terminal.out(forThisShell(context, `follow it with: tuneops finetune follow ${job.id}`));
          }
          return;
        }
        const outcome = await withInterrupt(context, (signal) =>
          followFineTuneJob({ store: registry, backend, jobId: job.id, now: Date.now, intervalMs: project.finetune.poll_interval_ms, sleep: (ms, s) => abortableSleep(ms, s).catch(() => undefined), signal, ...(config.type === "local" && config.gpu_hour_usd !== undefined ? { gpuHourUsd: config.gpu_hour_usd } : {}), onUpdate: followOutput(context, flags.json === true) }),
        );
        if (flags.json) context.terminal.out(JSON.stringify(jobJson(outcome.job), null, 2));
        else printJob(context, outcome.job);
        if (outcome.job.state === "failed") context.exitCode = exitCodes.runtimeFailure;
      });
    });
}

function methodOf(flag: string | undefined, format: string | null): FineTuneMethod {
  if (flag === undefined) return format === "openai-preference" || format === "trl-preference" ? "preference" : "supervised";
  if (flag === "supervised" || flag === "preference") return flag;
  throw new TuneopsError({ code: "input_invalid", message: `--method ${flag} is not a fine-tuning method`, location: { field: "--method" }, hint: "Use supervised or preference." });
}

function hyperparametersOf(flags: StartFlags): FineTuneHyperparameters {
  const h: FineTuneHyperparameters = {};
  if (flags.epochs !== undefined) h.epochs = positive("--epochs", flags.epochs);
  if (flags.batchSize !== undefined) h.batchSize = integer("--batch-size", flags.batchSize);
  if (flags.learningRate !== undefined) h.learningRate = positive("--learning-rate", flags.learningRate);
  if (flags.learningRateMultiplier !== undefined) h.learningRateMultiplier = positive("--learning-rate-multiplier", flags.learningRateMultiplier);
  if (flags.loraRank !== undefined) h.loraRank = integer("--lora-rank", flags.loraRank);
  if (flags.loraAlpha !== undefined) h.loraAlpha = integer("--lora-alpha", flags.loraAlpha);
  if (flags.beta !== undefined) h.beta = positive("--beta", flags.beta);
  return h;
}

function positive(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new TuneopsError({ code: "input_invalid", message: `${flag} ${value} is not a positive number`, location: { field: flag } });
  return number;
}

function integer(flag: string, value: string): number {
  const number = positive(flag, value);
  if (!Number.isInteger(number)) throw new TuneopsError({ code: "input_invalid", message: `${flag} ${value} is not a whole number`, location: { field: flag } });
  return number;
}
