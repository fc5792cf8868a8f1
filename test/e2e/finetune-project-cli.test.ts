import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

// Fine-tuning from a user's own project: no trainers/ folder there, the trainer comes with tuneops.
const standIn = new URL("../../src/finetune/testing/stand-in-trainer.mjs", import.meta.url).pathname;
const bundledTrainer = new URL("../../trainers/train_lora.py", import.meta.url).pathname;
const train = `${JSON.stringify({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }] })}\n`;

function jobFolders(dir: string): string[] {
  const root = join(dir, ".tuneops", "finetune");
  return existsSync(root) ? readdirSync(root) : [];
}

describe("tuneops finetune start from a user's project", () => {
  it("--backend local runs the trainer installed with tuneops, not one in the project folder", async () => {
    const dir = await tempProject({ "tuneops.yaml": "project: mine\n", "train.jsonl": train });
    expect(existsSync(join(dir, "trainers"))).toBe(false);
    const result = await runCli(["finetune", "start", "--backend", "local", "--model", "Qwen/Qwen2.5-0.5B-Instruct", "--train", "train.jsonl", "--json"], { cwd: dir });
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    const [folder] = jobFolders(dir);
    expect(folder).toBeDefined();
    const job = JSON.parse(readFileSync(join(dir, ".tuneops", "finetune", folder!, "job.json"), "utf8")) as { command: string[] };
    expect(job.command.slice(0, 2)).toEqual(["python3", bundledTrainer]);
  });

  it("checks the base model's path before a job is recorded", async () => {
    const dir = await tempProject({ "tuneops.yaml": "project: mine\n", "train.jsonl": train });
    const result = await runCli(["finetune", "start", "--backend", "local", "--model", "./models/llama-missing", "--train", "train.jsonl"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/base model .*models\/llama-missing does not exist/);
    expect(jobFolders(dir)).toEqual([]);
    const list = JSON.parse((await runCli(["finetune", "list", "--json"], { cwd: dir })).stdout) as unknown[];
    expect(list).toEqual([]);
  });

  it("--follow prints step, loss and learning rate as the trainer reports them", async () => {
    const config = `project: mine\nfinetune:\n  poll_interval_ms: 100\n  backends:\n    gpu:\n      type: local\n      command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(standIn)}]\n      env: { TUNEOPS_STANDIN_STEP_MS: "30" }\n`;
    const dir = await tempProject({ "tuneops.yaml": config, "train.jsonl": train });
    const result = await runCli(["finetune", "start", "--backend", "gpu", "--model", "tiny", "--train", "train.jsonl", "--follow"], { cwd: dir });
    expect(result.code).toBe(0);
    for (let step = 1; step <= 5; step++) {
      expect(result.stderr).toContain(`step ${step}  epoch ${step / 5}  loss ${2 / step}  learning_rate 0.0002  grad_norm ${1 / step}`);
    }
    expect(result.stderr.match(/step 1 {2}/g)).toHaveLength(1);
  });
});
