import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isTuneopsError } from "../../../spec/errors.js";
import { startOpenaiFineTuneMock, type OpenaiFineTuneMock } from "../../testing/openai-finetune-mock-server.js";
import { describeFineTuneBackendConformance } from "../finetune-backend.conformance.js";
import { createOpenaiFineTuneBackend } from "./openai-finetune-backend.js";

describeFineTuneBackendConformance("openai", async () => {
  const mock = await startOpenaiFineTuneMock();
  return { backend: createOpenaiFineTuneBackend({ apiKey: "sk-test", baseUrl: mock.url }), baseModel: "gpt-4o-mini-2024-07-18", close: () => mock.close() };
});

const folder = mkdtempSync(join(tmpdir(), "tuneops-openai-ft-"));
const train = join(folder, "train.jsonl");
writeFileSync(train, `${JSON.stringify({ input: { messages: [{ role: "user", content: "Hi" }] }, preferred_output: [{ role: "assistant", content: "Hello" }], non_preferred_output: [{ role: "assistant", content: "No" }] })}\n`);

describe("OpenAI fine-tuning backend", () => {
  let mock: OpenaiFineTuneMock;
  afterEach(() => mock.close());

  it("uploads the file for fine-tune and creates a DPO job with OpenAI's method body", async () => {
    mock = await startOpenaiFineTuneMock();
    const backend = createOpenaiFineTuneBackend({ apiKey: "sk-test", baseUrl: mock.url });
    const job = await backend.submit({ baseModel: "gpt-4o-mini", method: "preference", trainingFile: train, hyperparameters: { epochs: 2, beta: 0.1, batchSize: 4 }, suffix: "router", seed: 7, jobId: "j1" });
    expect(job).toMatchObject({ state: "validating", backendStatus: "validating_files", fineTunedModel: null });
    const [file] = [...mock.files.values()];
    expect(file).toMatchObject({ purpose: "fine-tune", filename: "train.jsonl" });
    expect(file?.text).toContain("preferred_output");
    expect(mock.lastCreate).toEqual({
      model: "gpt-4o-mini",
      training_file: expect.stringMatching(/^file-/),
      method: { type: "dpo", dpo: { hyperparameters: { n_epochs: 2, batch_size: 4, beta: 0.1 } } },
      suffix: "router",
      seed: 7,
    });
  });

  it("lists the newest jobs first, following the pages past OpenAI's 100 a page", async () => {
    mock = await startOpenaiFineTuneMock();
    const backend = createOpenaiFineTuneBackend({ apiKey: "sk-test", baseUrl: mock.url });
    const submitted: string[] = [];
    for (let index = 0; index < 103; index++) {
      submitted.push((await backend.submit({ baseModel: "gpt-4o-mini", method: "supervised", trainingFile: train, hyperparameters: {}, jobId: `j${index}` })).externalId);
    }
    const newestFirst = [...submitted].reverse();
    expect((await backend.list()).map((job) => job.externalId)).toEqual(newestFirst.slice(0, 20));
    expect((await backend.list({ limit: 102 })).map((job) => job.externalId)).toEqual(newestFirst.slice(0, 102));
    expect((await backend.list({ limit: 500 })).map((job) => job.externalId)).toEqual(newestFirst);
  });

  it("reads live metrics from metrics events, then the result CSV; checkpoints with their metrics", async () => {
    mock = await startOpenaiFineTuneMock({ manual: true });
    const backend = createOpenaiFineTuneBackend({ apiKey: "sk-test", baseUrl: mock.url });
    const { externalId } = await backend.submit({ baseModel: "gpt-4o-mini", method: "supervised", trainingFile: train, hyperparameters: {}, jobId: "j" });
    mock.advance();
    mock.advance();
    expect((await backend.retrieve(externalId)).state).toBe("running");
    expect(await backend.metrics(externalId)).toEqual([{ step: 1, values: { train_loss: 2.31, total_steps: 3, train_mean_token_accuracy: 0.41 } }]);
    mock.advance();
    expect((await backend.retrieve(externalId)).state).toBe("succeeded");
    const metrics = await backend.metrics(externalId);
    expect(metrics.map((point) => point.step)).toEqual([1, 2, 3]);
    expect(metrics[2]?.values).toEqual({ train_loss: 0.98, train_accuracy: 0.71, valid_loss: 1.1, valid_mean_token_accuracy: 0.68 });
    const [checkpoint] = await backend.checkpoints(externalId);
    expect(checkpoint).toMatchObject({ step: 10, metrics: { train_loss: 0.4, full_valid_loss: 0.5 } });
    expect(checkpoint?.metrics).not.toHaveProperty("valid_loss");
  });

  it("maps a failed job's error, and HTTP failures to classified errors without the key", async () => {
    mock = await startOpenaiFineTuneMock({ failWith: { code: "invalid_training_file", message: "The file has 3 examples with missing assistant messages" } });
    const backend = createOpenaiFineTuneBackend({ apiKey: "sk-test", baseUrl: mock.url });
    const { externalId } = await backend.submit({ baseModel: "gpt-4o-mini", method: "supervised", trainingFile: train, hyperparameters: {}, jobId: "j" });
    let job = await backend.retrieve(externalId);
    while (job.state !== "failed") job = await backend.retrieve(externalId);
    expect(job.error).toEqual({ code: "invalid_training_file", message: "The file has 3 examples with missing assistant messages" });
    mock.failNext(429);
    const limited = await backend.retrieve(externalId).catch((error: unknown) => error);
    expect(isTuneopsError(limited) && [limited.code, limited.isRetryable]).toEqual(["provider_rate_limited", true]);
    const wrongKey = createOpenaiFineTuneBackend({ apiKey: "sk-wrong-key", baseUrl: mock.url });
    const auth = await wrongKey.list().catch((error: unknown) => error);
    expect(isTuneopsError(auth) && auth.code).toBe("provider_auth");
    expect((auth as Error).message).not.toContain("sk-wrong-key");
  });
});
