import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TuneopsError } from "../../../spec/errors.js";
import type { FineTuneBackendV1, FineTuneEvent, FineTuneJobSnapshot, FineTuneMetricPoint, FineTuneSubmitRequest } from "../../../spec/finetune-backend.js";
import { resolveBaseModel } from "./check-base-model.js";
import { trainerEventSchema, trainerFiles, trainerJobSchema, trainerMetricSchema, trainerStatusSchema, type TrainerStatus } from "./trainer-files.js";

export interface LocalTrainerBackendOptions {
  /** The trainer's command before its arguments, e.g. `defaultTrainerCommand()` or `["accelerate", "launch", ...]`. */
  command: readonly string[];
  /** Folder holding one sub-folder per job. */
  outputDir: string;
  /** Working folder of the trainer (relative command paths resolve against it). */
  cwd: string;
  /** Extra environment of the trainer. */
  env?: Record<string, string>;
}

/**
 * The local trainer as a fine-tuning backend: `submit` launches the trainer detached (it outlives
 * tuneops), and every later call reads the run's folder, so any tuneops process can follow or cancel
 * the job. A trainer that exits without a final status is reported failed with the tail of its log.
 */
export function createLocalTrainerBackend(options: LocalTrainerBackendOptions): FineTuneBackendV1 {
  const outputDir = resolve(options.outputDir);
  const folderOf = (id: string): string => {
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new TuneopsError({ code: "input_invalid", message: `invalid local job id ${JSON.stringify(id)}` });
    return join(outputDir, id);
  };

  const snapshot = async (id: string): Promise<FineTuneJobSnapshot> => {
    const folder = folderOf(id);
    const job = await readJson(join(folder, trainerFiles.job), trainerJobSchema);
    if (!job) throw new TuneopsError({ code: "not_found", message: `no local fine-tuning run ${id} in ${outputDir}`, hint: "Check the job id (`tuneops finetune list`)." });
    const status = await readJson(join(folder, trainerFiles.status), trainerStatusSchema);
    const pid = Number((await readFile(join(folder, trainerFiles.pid), "utf8").catch(() => "")).trim());
    const alive = Number.isInteger(pid) && pid > 0 && isAlive(pid);
    const cancelled = existsSync(join(folder, trainerFiles.cancel));
    const base: FineTuneJobSnapshot = {
      externalId: id,
      state: "queued",
      backendStatus: "starting",
      fineTunedModel: null,
      artifacts: { folder, log: join(folder, trainerFiles.log), metrics: join(folder, trainerFiles.metrics) },
      trainedTokens: status?.train_tokens ?? null,
      costUsd: null,
      error: null,
      createdAt: job.created_at,
      finishedAt: null,
    };
    // Python writes epoch seconds with a fraction; timestamps here are whole milliseconds (integer columns).
    const finishedAt = status?.updated_at === undefined ? Date.now() : Math.round(status.updated_at * 1000);
    if (status?.state === "succeeded") {
      const merged = status.merged_dir ?? join(folder, trainerFiles.merged);
      return { ...base, state: "succeeded", backendStatus: "succeeded", fineTunedModel: merged, artifacts: { ...base.artifacts, adapter: status.adapter_dir ?? join(folder, trainerFiles.adapter), merged }, finishedAt };
    }
    if (cancelled && !alive) return { ...base, state: "cancelled", backendStatus: "cancelled", finishedAt };
    if (status?.state === "failed") return { ...base, state: "failed", backendStatus: "failed", error: { code: "trainer_failed", message: status.message ?? "the trainer reported a failure" }, finishedAt };
    if (alive) return { ...base, state: status ? "running" : "queued", backendStatus: cancelled ? "cancelling" : status ? "running" : "starting" };
    const tail = (await readFile(join(folder, trainerFiles.log), "utf8").catch(() => "")).trim().split("\n").slice(-5).join(" | ");
    return { ...base, state: "failed", backendStatus: "exited", error: { code: "trainer_exited", message: `the trainer exited without finishing${tail ? `: ${tail}` : ""} (log: ${join(folder, trainerFiles.log)})` }, finishedAt };
  };

  return {
    specificationVersion: "v1",
    kind: "local",
    capabilities: {
      methods: ["supervised", "preference"],
      hyperparameters: ["epochs", "batchSize", "learningRate", "loraRank", "loraAlpha", "beta"],
      cancel: true,
      liveMetrics: true,
      checkpoints: false,
      output: "local-weights",
      reportsCost: false,
    },
    async check(request) {
      const [program, ...prefix] = options.command;
      if (program === undefined) throw new TuneopsError({ code: "config_invalid", message: "the local trainer command is empty", location: { field: "finetune.backends.local.command" } });
      const script = [program, ...prefix].find((part) => part.endsWith(".py"));
      if (script !== undefined && !existsSync(resolve(options.cwd, script))) {
        throw new TuneopsError({
          code: "config_invalid",
          message: `the local trainer ${resolve(options.cwd, script)} does not exist`,
          location: { field: "finetune.backends.local.command" },
          hint: "Leave `command` out to use the trainer installed with tuneops, or give the path of your own train_lora.py (relative paths resolve against the project folder).",
        });
      }
      return { ...request, baseModel: resolveBaseModel(request.baseModel, options.cwd) };
    },
    async submit(request) {
      const folder = folderOf(request.jobId);
      if (existsSync(join(folder, trainerFiles.job))) throw new TuneopsError({ code: "input_invalid", message: `local run ${request.jobId} already exists in ${outputDir}` });
      await mkdir(folder, { recursive: true });
      const [program, ...prefix] = options.command;
      if (program === undefined) throw new TuneopsError({ code: "config_invalid", message: "the local trainer command is empty", location: { field: "finetune.backends.local.command" } });
      const args = [...prefix, ...trainerArguments(request, folder)];
      await writeFile(join(folder, trainerFiles.job), JSON.stringify({ job_id: request.jobId, base_model: request.baseModel, created_at: Date.now(), command: [program, ...args] }, null, 2));
      const log = openSync(join(folder, trainerFiles.log), "a");
      try {
        const child = spawn(program, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ["ignore", log, log] });
        const pid = await new Promise<number>((resolvePid, reject) => {
          child.once("error", (error) => reject(new TuneopsError({ code: "config_invalid", message: `cannot start the local trainer (${program}): ${error.message}`, location: { field: "finetune.backends.local.command" }, hint: "Install the trainer's Python packages on this host, or set the command to your Python/accelerate path.", cause: error })));
          child.once("spawn", () => resolvePid(child.pid!));
        });
        child.unref();
        await writeFile(join(folder, trainerFiles.pid), String(pid));
      } finally {
        closeSync(log);
      }
      return snapshot(request.jobId);
    },
    retrieve: (id) => snapshot(id),
    async list(call = {}) {
      const names = await readdir(outputDir).catch(() => [] as string[]);
      const jobs: FineTuneJobSnapshot[] = [];
      for (const name of names) {
        if (existsSync(join(outputDir, name, trainerFiles.job))) jobs.push(await snapshot(name));
      }
      return jobs.sort((a, b) => b.createdAt - a.createdAt).slice(0, call.limit ?? 20);
    },
    async cancel(id) {
      const folder = folderOf(id);
      const current = await snapshot(id);
      if (current.state === "succeeded" || current.state === "failed" || current.state === "cancelled") return current;
      await writeFile(join(folder, trainerFiles.cancel), new Date().toISOString());
      const pid = Number((await readFile(join(folder, trainerFiles.pid), "utf8")).trim());
      // The trainer leads its own process group (detached): signal the group, so accelerate's workers stop too.
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      return snapshot(id);
    },
    async events(id, call = {}): Promise<FineTuneEvent[]> {
      const lines = await readLines(join(folderOf(id), trainerFiles.events));
      const events: FineTuneEvent[] = [];
      lines.forEach((line, index) => {
        const parsed = trainerEventSchema.safeParse(safeJson(line));
        if (parsed.success) events.push({ id: `line-${index + 1}`, createdAt: Math.round(parsed.data.time * 1000), level: parsed.data.level, message: parsed.data.message });
      });
      if (call.after === undefined) return events;
      const seen = events.findIndex((event) => event.id === call.after);
      return events.slice(seen + 1);
    },
    async metrics(id): Promise<FineTuneMetricPoint[]> {
      const points: FineTuneMetricPoint[] = [];
      for (const line of await readLines(join(folderOf(id), trainerFiles.metrics))) {
        const parsed = trainerMetricSchema.safeParse(safeJson(line));
        if (!parsed.success) continue;
        const values: Record<string, number> = {};
        for (const [key, value] of Object.entries(parsed.data)) if (key !== "step" && key !== "epoch" && typeof value === "number" && Number.isFinite(value)) values[key] = value;
        points.push({ step: parsed.data.step, ...(parsed.data.epoch === undefined ? {} : { epoch: parsed.data.epoch }), values });
      }
      return points;
    },
    checkpoints: async () => [],
    async close() {},
  };
}

/** The trainer's command line (trainers/train_lora.py documents the same flags). */
export function trainerArguments(request: FineTuneSubmitRequest, folder: string): string[] {
  const h = request.hyperparameters;
  const args = ["--base-model", request.baseModel, "--train", resolve(request.trainingFile), "--method", request.method === "preference" ? "dpo" : "sft", "--output-dir", folder];
  if (request.validationFile !== undefined) args.push("--validation", resolve(request.validationFile));
  const flags: [string, number | undefined][] = [
    ["--epochs", h.epochs],
    ["--batch-size", h.batchSize],
    ["--learning-rate", h.learningRate],
    ["--lora-r", h.loraRank],
    ["--lora-alpha", h.loraAlpha],
    ["--beta", h.beta],
    ["--seed", request.seed],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(flag, String(value));
  return args;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  // A line still being written has no newline yet: leave it for the next poll.
  const complete = text.endsWith("\n") ? text : text.slice(0, text.lastIndexOf("\n") + 1);
  return complete.split("\n").filter((line) => line.trim() !== "");
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

async function readJson<T>(path: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): Promise<T | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = schema.safeParse(safeJson(text));
  return parsed.success ? parsed.data : undefined;
}

export type { TrainerStatus };
