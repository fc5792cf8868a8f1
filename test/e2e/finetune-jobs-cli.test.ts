import { describe, expect, it } from "vitest";
import { startOpenaiFineTuneMock } from "../../src/finetune/testing/openai-finetune-mock-server.js";
import { runCli, tempProject } from "../support/cli.js";

const standIn = new URL("../../src/finetune/testing/stand-in-trainer.mjs", import.meta.url).pathname;
const train = `${JSON.stringify({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }] })}\n`;
const project = (extra: string) => `project: demo\nfinetune:\n  poll_interval_ms: 100\n  backends:\n${extra}`;
const localBackend = (env: string) => `    gpu:\n      type: local\n      command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(standIn)}]\n      gpu_hour_usd: 3.6\n      env: { TUNEOPS_STANDIN_STEP_MS: "${env}" }\n`;

describe("tuneops finetune start / follow / status / list / events / cancel", () => {
  it("starts a local job, and a second process follows it to success with its cost and registered model", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(localBackend("30")), "train.jsonl": train });
    const started = await runCli(["finetune", "start", "--backend", "gpu", "--model", "tiny-random-llama", "--train", "train.jsonl", "--epochs", "2", "--use-case", "support", "--json"], { cwd: dir });
    expect(started.stderr).toBe("");
    expect(started.code).toBe(0);
    const job = JSON.parse(started.stdout) as { id: string; state: string };
    expect(["queued", "running"]).toContain(job.state);
    const followed = await runCli(["finetune", "follow", job.id, "--json"], { cwd: dir });
    expect(followed.code).toBe(0);
    const done = JSON.parse(followed.stdout) as { state: string; cost_usd: number; fine_tuned_model: string; trained_tokens: number };
    expect(done).toMatchObject({ state: "succeeded", trained_tokens: 20 });
    expect(done.cost_usd).toBeCloseTo(0.0036, 10);
    expect(done.fine_tuned_model).toMatch(/merged$/);
    expect(followed.stderr).toContain(`registered model model-${job.id}`);
    const list = JSON.parse((await runCli(["finetune", "list", "--json"], { cwd: dir })).stdout) as { id: string }[];
    expect(list.map((entry) => entry.id)).toEqual([job.id]);
    const events = (await runCli(["finetune", "events", job.id], { cwd: dir })).stdout;
    expect(events).toContain("saved adapter and merged weights");
    const status = await runCli(["finetune", "status", job.id], { cwd: dir });
    expect(status.stdout).toContain("cost: $0.0036");
    expect(status.stdout).toMatch(/last metrics \(step 5\): .*train_runtime=3\.6/);
  });

  it("cancels a running local job", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(localBackend("2000")), "train.jsonl": train });
    const job = JSON.parse((await runCli(["finetune", "start", "--backend", "gpu", "--model", "tiny", "--train", "train.jsonl", "--json"], { cwd: dir })).stdout) as { id: string };
    const cancelled = await runCli(["finetune", "cancel", job.id], { cwd: dir });
    expect(cancelled.code).toBe(0);
    const followed = JSON.parse((await runCli(["finetune", "follow", job.id, "--json"], { cwd: dir })).stdout) as { state: string };
    expect(followed.state).toBe("cancelled");
    const again = await runCli(["finetune", "cancel", job.id], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already cancelled");
  });

  it("runs an OpenAI job through the API protocol, pricing trained tokens", async () => {
    const mock = await startOpenaiFineTuneMock();
    try {
      const dir = await tempProject({ "tuneops.yaml": project(`    openai:\n      type: openai\n      base_url: ${mock.url}\n      training_price_per_mtok: 25\n`), "train.jsonl": train });
      const result = await runCli(["finetune", "start", "--model", "gpt-4o-mini", "--train", "train.jsonl", "--follow", "--json"], { cwd: dir, env: { OPENAI_API_KEY: "sk-test" } });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ state: "succeeded", trained_tokens: 3_000, cost_usd: 0.075, fine_tuned_model: expect.stringMatching(/^ft:gpt-4o-mini/) });
      const noKey = await runCli(["finetune", "start", "--model", "gpt-4o-mini", "--train", "train.jsonl"], { cwd: dir });
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain("needs an API key in OPENAI_API_KEY");
    } finally {
      await mock.close();
    }
  });

  it("refuses to start on a training file with errors, naming the line", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(localBackend("30")), "train.jsonl": `${train}{"messages": []}\n` });
    const result = await runCli(["finetune", "start", "--backend", "gpu", "--model", "tiny", "--train", "train.jsonl"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("train.jsonl:2: missing_messages_list");
  });
});
