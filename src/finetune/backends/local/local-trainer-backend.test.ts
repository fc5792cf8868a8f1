import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
