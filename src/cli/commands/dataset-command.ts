import { resolve } from "node:path";
import type { Command } from "commander";
import { chatRequestFilter, datasetFromLogs } from "../../finetune/datasets/dataset-from-logs.js";
import { datasetFromRun } from "../../finetune/datasets/dataset-from-run.js";
import type { FeedbackFilter } from "../../finetune/datasets/feedback-filter.js";
import { readCorrections } from "../../finetune/datasets/read-corrections.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { openProjectStore, projectDirOf } from "../compose.js";
import { addCurationOptions, curationOptionsOf, describeWritten, writeCuratedDataset, type CurationFlags } from "../dataset-output.js";
import { openProjectGatewayStore } from "../gateway-store.js";

interface FromLogsFlags extends CurationFlags {
  config: string;
  route?: string;
  since?: string;
  until?: string;
  minScore?: string;
  thumbs?: string;
  label: string[];
  minJudgeScore?: string;
}

interface FromRunFlags extends CurationFlags {
  config: string;
  candidate?: string;
  includeFailing?: boolean;
  corrections?: string;
}

const configOption = ["-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml"] as const;

/** `tuneops dataset from-logs|from-run`: fine-tuning datasets from operations. */
export function registerDatasetCommand(program: Command, context: CliContext): void {
  const dataset = program.command("dataset").description("Build fine-tuning datasets from gateway logs and evaluation runs.");
  addCurationOptions(
    dataset
      .command("from-logs")
      .description("A chat fine-tuning dataset from logged gateway requests (needs gateway.logging.bodies).")
      .option(...configOption)
      .option("--route <name>", "only requests to this route (model alias)")
      .option("--since <time>", "only requests from this time on (ISO 8601, or 30m, 24h, 7d ago)")
      .option("--until <time>", "only requests before this time (ISO 8601, or 30m, 24h, 7d ago)")
      .option("--min-score <x>", "people's mean feedback score at least x (0..1)")
      .option("--thumbs <up|down>", "the latest thumb a person gave")
      .option("--label <label>", "feedback carrying this label (repeatable)", (value: string, previous: string[]) => [...previous, value], [] as string[])
      .option("--min-judge-score <x>", "judges' mean score at least x (feedback labelled judge or judge:NAME)"),
    "datasets/from-logs.jsonl",
  ).action(async (flags: FromLogsFlags) => {
    const curation = curationOptionsOf(flags);
    const now = Date.now();
    const since = flags.since === undefined ? undefined : timeFlag("--since", flags.since, now);
    const until = flags.until === undefined ? undefined : timeFlag("--until", flags.until, now);
    const feedback = feedbackFilterOf(flags);
    const store = await openProjectGatewayStore(context, projectDirOf(resolve(flags.config)));
    let result;
    try {
      result = await datasetFromLogs({
        ...curation,
        feedback,
        requests: store.scanRequests(chatRequestFilter({ ...(flags.route ? { route: flags.route } : {}), ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) })),
        onProgress: (read) => context.terminal.status(`${read} requests read...`),
      });
    } finally {
      await store.close();
    }
    context.terminal.clearStatus();
    const written = await writeCuratedDataset(flags, result);
    const { train: _train, validation: _validation, ...counts } = result;
    if (flags.json) return context.terminal.out(JSON.stringify({ ...counts, ...written }, null, 2));
    context.terminal.out(`${result.read} chat request(s) read; ${describeWritten(written, result)}`);
    const left = Object.entries(result.skipped).filter(([, count]) => count > 0).map(([reason, count]) => `${reason.replace("_", " ")} ${count}`);
    if (left.length > 0) context.terminal.out(`left out: ${left.join(", ")}`);
    if (result.skipped.no_bodies > 0) context.terminal.err(`hint: ${result.skipped.no_bodies} request(s) were logged without bodies; set gateway.logging.bodies: true to collect them`);
  });
  addCurationOptions(
    dataset
      .command("from-run")
      .description("A chat fine-tuning dataset from an evaluation run: the best candidate's passing outputs, human corrections first.")
      .argument("<run-id>")
      .option(...configOption)
      .option("--candidate <id>", "take this candidate's outputs (default: the best by the run's primary metric)")
      .option("--include-failing", "also take outputs of failing cases")
      .option("--corrections <file>", 'JSONL of human-corrected outputs: {"case": ID, "output": TEXT} per line'),
    "datasets/from-run.jsonl",
  ).action(async (runId: string, flags: FromRunFlags) => {
    const curation = curationOptionsOf(flags);
    const corrections = flags.corrections === undefined ? undefined : await readCorrections(resolve(flags.corrections));
    const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
    let result;
    try {
      result = await datasetFromRun({
        ...curation,
        store,
        runId,
        ...(flags.candidate ? { candidate: flags.candidate } : {}),
        ...(flags.includeFailing ? { includeFailing: true } : {}),
        ...(corrections ? { corrections } : {}),
      });
    } finally {
      await store.close();
    }
    const written = await writeCuratedDataset(flags, result);
    const { train: _train, validation: _validation, ...counts } = result;
    if (flags.json) return context.terminal.out(JSON.stringify({ ...counts, ...written }, null, 2));
    const chosen = result.chosenBy ? ` (best by ${result.chosenBy.metric}: ${result.chosenBy.mean.toFixed(3)})` : "";
    context.terminal.out(`candidate ${result.candidate}${chosen}, ${result.cases} case(s), ${result.corrected} corrected; ${describeWritten(written, result)}`);
    if (result.skipped.failing > 0 || result.skipped.no_output > 0) context.terminal.out(`left out: failing ${result.skipped.failing}, no output ${result.skipped.no_output}${result.skipped.failing > 0 ? " (--include-failing takes them)" : ""}`);
    if (result.unmatchedCorrections.length > 0) context.terminal.err(`warning: ${result.unmatchedCorrections.length} correction(s) name no case of the run: ${result.unmatchedCorrections.slice(0, 5).join(", ")}`);
  });
}

function feedbackFilterOf(flags: FromLogsFlags): FeedbackFilter {
  const filter: FeedbackFilter = {};
  if (flags.minScore !== undefined) filter.minScore = unitFlag("--min-score", flags.minScore);
  if (flags.minJudgeScore !== undefined) filter.minJudgeScore = unitFlag("--min-judge-score", flags.minJudgeScore);
  if (flags.thumbs !== undefined) {
    if (flags.thumbs !== "up" && flags.thumbs !== "down") throw new TuneopsError({ code: "input_invalid", message: `--thumbs ${flags.thumbs} is not up or down`, location: { field: "--thumbs" } });
    filter.thumbs = flags.thumbs;
  }
  if (flags.label.length > 0) filter.labels = flags.label;
  return filter;
}

function unitFlag(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new TuneopsError({ code: "input_invalid", message: `${flag} ${value} is not a score from 0 to 1`, location: { field: flag } });
  return number;
}

const units = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An ISO 8601 time, or a duration ago (`30m`, `24h`, `7d`), as epoch ms. */
export function timeFlag(flag: string, value: string, now: number): number {
  const relative = /^(\d+(?:\.\d+)?)([mhd])$/.exec(value);
  if (relative) return now - Number(relative[1]) * units[relative[2] as keyof typeof units];
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new TuneopsError({ code: "input_invalid", message: `${flag} ${value} is not a time`, location: { field: flag }, hint: "Use ISO 8601 (2026-11-27 or 2026-11-27T10:00:00Z) or a duration ago (30m, 24h, 7d)." });
  return parsed;
}
