#!/usr/bin/env node
// A stand-in for trainers/train_lora.py with the same command line and the same files (status.json,
// metrics.jsonl, events.jsonl, adapter/ and merged/), so the local backend is tested without Python or a
// GPU. It "trains" by counting the training file's lines: loss falls per step.
// Environment: TUNEOPS_STANDIN_STEPS (default 5), TUNEOPS_STANDIN_STEP_MS (default 20),
// TUNEOPS_STANDIN_OUTCOME = succeed | fail | crash.
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = {};
for (let index = 2; index < process.argv.length; index += 2) args[process.argv[index].replace(/^--/, "")] = process.argv[index + 1];
for (const required of ["base-model", "train", "output-dir", "method"]) {
  if (!args[required]) {
    process.stderr.write(`stand-in trainer: missing --${required}\n`);
    process.exit(2);
  }
}
const out = args["output-dir"];
const steps = Number(process.env.TUNEOPS_STANDIN_STEPS ?? 5);
const stepMs = Number(process.env.TUNEOPS_STANDIN_STEP_MS ?? 20);
const outcome = process.env.TUNEOPS_STANDIN_OUTCOME ?? "succeed";
const now = () => Date.now() / 1000;
const status = (value) => {
  writeFileSync(join(out, "status.json.tmp"), JSON.stringify({ ...value, updated_at: now() }));
  renameSync(join(out, "status.json.tmp"), join(out, "status.json"));
};
const event = (message, level = "info") => appendFileSync(join(out, "events.jsonl"), `${JSON.stringify({ time: now(), level, message })}\n`);
const examples = readFileSync(args.train, "utf8").split("\n").filter((line) => line.trim() !== "").length;
const epochs = Number(args.epochs ?? 1);

process.on("SIGTERM", () => {
  event("received SIGTERM: stopping", "warn");
  process.exit(143);
});

status({ state: "running" });
event(`loaded ${args["base-model"]}; ${examples} examples, method ${args.method}`);
let step = 0;
const tick = () => {
  step++;
  appendFileSync(join(out, "metrics.jsonl"), `${JSON.stringify({ step, epoch: (step / steps) * epochs, loss: 2 / step, learning_rate: 0.0002, grad_norm: 1 / step })}\n`);
  if (outcome === "fail" && step === 2) {
    event("CUDA out of memory", "error");
    status({ state: "failed", message: "CUDA out of memory" });
    process.exit(1);
  }
  if (outcome === "crash" && step === 2) {
    process.stderr.write("Traceback (most recent call last): segfault in stand-in\n");
    process.exit(139);
  }
  if (step < steps) return void setTimeout(tick, stepMs);
  appendFileSync(join(out, "metrics.jsonl"), `${JSON.stringify({ step, epoch: epochs, train_runtime: 3.6, train_samples_per_second: 100, train_loss: 1.1 })}\n`);
  for (const folder of ["adapter", "merged"]) {
    mkdirSync(join(out, folder), { recursive: true });
    writeFileSync(join(out, folder, "config.json"), JSON.stringify({ base_model: args["base-model"], stand_in: true }));
  }
  event("saved adapter and merged weights");
  status({ state: "succeeded", adapter_dir: join(out, "adapter"), merged_dir: join(out, "merged"), train_tokens: examples * 10 * epochs });
};
setTimeout(tick, stepMs);
