import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isFinalFineTuneState, type FineTuneBackendV1, type FineTuneJobSnapshot } from "../../../spec/finetune-backend.js";
import { describeFineTuneBackendConformance } from "../finetune-backend.conformance.js";
import { createLocalTrainerBackend, trainerArguments } from "./local-trainer-backend.js";

const standIn = new URL("../../testing/stand-in-trainer.mjs", import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), "tuneops-local-trainer-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const trainingFile = join(folder, "train.jsonl");
writeFileSync(trainingFile, `${JSON.stringify({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }] })}\n`.repeat(3));

let outputs = 0;
function backend(env: Record<string, string> = {}): FineTuneBackendV1 {
  return createLocalTrainerBackend({ command: [process.execPath, standIn], outputDir: join(folder, `out-${outputs++}`), cwd: folder, env: { TUNEOPS_STANDIN_STEP_MS: "10", ...env } });
}
async function untilFinal(target: FineTuneBackendV1, id: string): Promise<FineTuneJobSnapshot> {
  for (;;) {
    const job = await target.retrieve(id);
    if (isFinalFineTuneState(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeFineTuneBackendConformance("local trainer (stand-in process)", async () => ({ backend: backend({ TUNEOPS_STANDIN_STEP_MS: "40" }), baseModel: "tiny-random-llama", close: async () => undefined }), { pollMs: 20 });

describe("local trainer backend", () => {
  it("passes the trainer its command line", () => {
    expect(trainerArguments({ jobId: "j", baseModel: "m", method: "preference", trainingFile: "/t.jsonl", validationFile: "/v.jsonl", hyperparameters: { epochs: 2, learningRate: 0.001, loraRank: 8, batchSize: 4 }, seed: 3 }, "/out/j")).toEqual([
      "--base-model", "m", "--train", "/t.jsonl", "--method", "dpo", "--output-dir", "/out/j", "--validation", "/v.jsonl",
      "--epochs", "2", "--batch-size", "4", "--learning-rate", "0.001", "--lora-r", "8", "--seed", "3",
    ]);
  });

  it("reports the adapter, merged weights, tokens and the trainer's metrics after a run", async () => {
    const local = backend();
    await local.submit({ jobId: "run-1", baseModel: "tiny", method: "supervised", trainingFile, hyperparameters: { epochs: 2 } });
    const done = await untilFinal(local, "run-1");
    expect(done).toMatchObject({ state: "succeeded", trainedTokens: 60 });
    expect(existsSync(join(done.artifacts.merged!, "config.json"))).toBe(true);
    expect(existsSync(join(done.artifacts.adapter!, "config.json"))).toBe(true);
    const metrics = await local.metrics("run-1");
    expect(metrics.at(-1)).toMatchObject({ epoch: 2, values: { train_runtime: 3.6 } });
    expect(metrics[0]).toEqual({ step: 1, epoch: 0.4, values: { loss: 2, learning_rate: 0.0002, grad_norm: 1 } });
  });

  it("reports the trainer's own failure, and a crash with the tail of its log", async () => {
    const failing = backend({ TUNEOPS_STANDIN_OUTCOME: "fail" });
    await failing.submit({ jobId: "f", baseModel: "tiny", method: "supervised", trainingFile, hyperparameters: {} });
    expect((await untilFinal(failing, "f")).error).toEqual({ code: "trainer_failed", message: "CUDA out of memory" });
    const crashing = backend({ TUNEOPS_STANDIN_OUTCOME: "crash" });
    await crashing.submit({ jobId: "c", baseModel: "tiny", method: "supervised", trainingFile, hyperparameters: {} });
    const crashed = await untilFinal(crashing, "c");
    expect(crashed.error?.code).toBe("trainer_exited");
    expect(crashed.error?.message).toContain("segfault in stand-in");
  });

  it("says clearly when the trainer command cannot start", async () => {
    const missing = createLocalTrainerBackend({ command: ["/no/such/python3", "train.py"], outputDir: join(folder, "missing"), cwd: folder });
    const failure = await missing.submit({ jobId: "x", baseModel: "tiny", method: "supervised", trainingFile, hyperparameters: {} }).catch((error: unknown) => error);
    expect((failure as { code?: string }).code).toBe("config_invalid");
    expect((failure as Error).message).toContain("cannot start the local trainer");
  });
});

describe("local trainer backend on the files of a real trainer run", () => {
  // status.json, metrics.jsonl and events.jsonl as trainers/train_lora.py wrote them on an NVIDIA H200
  // (trainers/device-check.sh, 2026-11-27): the SFT smoke run, then DPO on its merged model.
  const recorded = new URL("../../testing/__fixtures__/train-lora-h200/", import.meta.url).pathname;
  function replay(method: "sft" | "dpo"): FineTuneBackendV1 {
    const outputDir = join(folder, `recorded-${method}`);
    mkdirSync(join(outputDir, method), { recursive: true });
    cpSync(join(recorded, method), join(outputDir, method), { recursive: true });
    writeFileSync(join(outputDir, method, "job.json"), JSON.stringify({ job_id: method, base_model: "tiny-random-llama", created_at: 1795790050000, command: ["python3", "trainers/train_lora.py"] }));
    return createLocalTrainerBackend({ command: ["python3", "trainers/train_lora.py"], outputDir, cwd: folder });
  }

  it("reads the SFT run: merged weights, tokens, the loss curve with its evaluations, and the events", async () => {
    const local = replay("sft");
    const job = await local.retrieve("sft");
    expect(job).toMatchObject({ state: "succeeded", trainedTokens: 114752, fineTunedModel: "/tmp/tuneops-device-work/sft/job/merged", finishedAt: 1795790063227 });
    expect(job.artifacts.adapter).toBe("/tmp/tuneops-device-work/sft/job/adapter");
    const metrics = await local.metrics("sft");
    const losses = metrics.filter((point) => point.values.loss !== undefined);
    expect(losses).toHaveLength(120);
    expect(losses[0]).toMatchObject({ step: 1, values: { learning_rate: 0.003 } });
    expect(losses.at(-1)!.values.loss!).toBeLessThan(losses[0]!.values.loss! * 0.6);
    expect(metrics.filter((point) => point.values.eval_loss !== undefined).map((point) => point.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(metrics.at(-1)).toMatchObject({ step: 120, epoch: 8, values: { train_samples_per_second: 423.697 } });
    const events = await local.events("sft");
    expect(events.map((event) => event.message)).toEqual([
      "built a tiny random llama as the base model (smoke mode)",
      "loaded tiny-random-llama: 480 examples, method sft, LoRA r=8 (34816 trainable parameters)",
      "saved the adapter to /tmp/tuneops-device-work/sft/job/adapter",
      "saved merged weights to /tmp/tuneops-device-work/sft/job/merged",
    ]);
    expect(await local.events("sft", { after: events[1]!.id })).toHaveLength(2);
  });

  it("reads the DPO run: its loss starts at ln 2 and falls", async () => {
    const local = replay("dpo");
    expect(await local.retrieve("dpo")).toMatchObject({ state: "succeeded", trainedTokens: 57376 });
    const losses = (await local.metrics("dpo")).flatMap((point) => (point.values.loss === undefined ? [] : [point.values.loss]));
    expect(losses[0]).toBeCloseTo(Math.LN2, 6);
    expect(losses.at(-1)!).toBeLessThan(Math.LN2 - 0.05);
  });
});
