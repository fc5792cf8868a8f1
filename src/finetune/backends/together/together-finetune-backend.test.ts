import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startTogetherFineTuneMock } from "../../testing/together-finetune-mock-server.js";
import { describeFineTuneBackendConformance } from "../finetune-backend.conformance.js";
import { createTogetherFineTuneBackend } from "./together-finetune-backend.js";

describeFineTuneBackendConformance("together", async () => {
  const mock = await startTogetherFineTuneMock();
  return { backend: createTogetherFineTuneBackend({ apiKey: "together-test", baseUrl: mock.url }), baseModel: "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", close: () => mock.close() };
});

describe("Together fine-tuning backend", () => {
  it("creates a LoRA DPO job with Together's body and reports its nanodollar price in USD", async () => {
    const mock = await startTogetherFineTuneMock();
    try {
      const folder = mkdtempSync(join(tmpdir(), "tuneops-together-"));
      const train = join(folder, "pairs.jsonl");
      writeFileSync(train, `${JSON.stringify({ input: { messages: [{ role: "user", content: "Hi" }] }, preferred_output: [{ role: "assistant", content: "Hello" }], non_preferred_output: [{ role: "assistant", content: "No" }] })}\n`);
      const backend = createTogetherFineTuneBackend({ apiKey: "together-test", baseUrl: mock.url });
      const job = await backend.submit({ jobId: "j", baseModel: "meta-llama/Llama-3.2-3B-Instruct", method: "preference", trainingFile: train, hyperparameters: { epochs: 2, loraRank: 16, beta: 0.2, learningRate: 0.00002 }, suffix: "router" });
      expect(job).toMatchObject({ state: "queued", backendStatus: "pending" });
      expect(mock.lastCreate).toEqual({
        model: "meta-llama/Llama-3.2-3B-Instruct",
        training_file: expect.stringMatching(/^file-/),
        training_type: { type: "Lora", lora_r: 16, lora_alpha: 16 },
        training_method: { method: "dpo", dpo_beta: 0.2 },
        n_epochs: 2,
        learning_rate: 0.00002,
        suffix: "router",
      });
      let done = await backend.retrieve(job.externalId);
      while (done.state !== "succeeded") done = await backend.retrieve(job.externalId);
      expect(done).toMatchObject({ costUsd: 2.5, trainedTokens: 4_096, fineTunedModel: expect.stringContaining("tuneops/") });
    } finally {
      await mock.close();
    }
  });
});
