import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { trainerArguments } from "./local-trainer-backend.js";

const script = new URL("../../../../trainers/train_lora.py", import.meta.url).pathname;
const tests = new URL("../../../../trainers/test_train_lora.py", import.meta.url).pathname;
const python = spawnSync("python3", ["--version"]).status === 0;

// The real trainer needs torch on a GPU host; what runs anywhere is its command line and data handling.
describe.skipIf(!python)("trainers/train_lora.py", () => {
  it("accepts every flag the local backend passes", () => {
    const help = spawnSync("python3", [script, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    const args = trainerArguments({ jobId: "j", baseModel: "m", method: "preference", trainingFile: "/t", validationFile: "/v", hyperparameters: { epochs: 1, batchSize: 1, learningRate: 1, loraRank: 1, loraAlpha: 1, beta: 1 }, seed: 1 }, "/o");
    for (const flag of args.filter((arg) => arg.startsWith("--"))) expect(help.stdout).toContain(flag);
  });

  it("masks prompts and weight-0 replies out of the loss (its Python unit tests)", () => {
    const run = spawnSync("python3", ["-m", "unittest", tests], { encoding: "utf8" });
    expect(run.stderr).toMatch(/OK/);
    expect(run.status).toBe(0);
  });
});
