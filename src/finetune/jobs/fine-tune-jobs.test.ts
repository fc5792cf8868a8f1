import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import { fineTuneStoreOf } from "../../store/finetune-store.js";
import { openStore } from "../../store/open-store.js";
import { createOpenaiFineTuneBackend } from "../backends/openai/openai-finetune-backend.js";
import { startOpenaiFineTuneMock } from "../testing/openai-finetune-mock-server.js";
import { nextJobState } from "./fine-tune-job-state.js";
import { followFineTuneJob } from "./follow-fine-tune-job.js";
import { startFineTuneJob } from "./start-fine-tune-job.js";
import { modelIdOfJob, syncFineTuneJob } from "./sync-fine-tune-job.js";

const folder = mkdtempSync(join(tmpdir(), "tuneops-ft-jobs-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const trainingFile = join(folder, "train.jsonl");
writeFileSync(trainingFile, `${JSON.stringify({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }] })}\n`);
let clock = 1_700_000_000_000;
const now = () => (clock += 1_000);
const sleep = async () => undefined;

describe("fine-tuning jobs", () => {
  it("never leaves a final state", () => {
    expect(nextJobState("running", "succeeded")).toBe("succeeded");
    expect(nextJobState("cancelled", "running")).toBe("cancelled");
    expect(nextJobState("succeeded", "failed")).toBe("succeeded");
    expect(nextJobState("running", "queued")).toBe("queued");
  });

  it("survives a restart: a job started by one process is followed to success by another, priced and registered once", async () => {
    const mock = await startOpenaiFineTuneMock({ manual: true });
    const path = join(folder, "restart.db");
    try {
      const first = await openStore({ sqlitePath: path });
      const backend = createOpenaiFineTuneBackend({ apiKey: "sk-test", baseUrl: mock.url });
      const started = await startFineTuneJob({ store: fineTuneStoreOf(first), backend, backendName: "openai", project: "demo", id: "ft-1", baseModel: "gpt-4o-mini", method: "supervised", trainingFile, hyperparameters: { epochs: 2 }, useCase: "support", trainingPricePerMTok: 3, now });
      expect(started).toMatchObject({ state: "validating", externalId: expect.stringMatching(/^ftjob-/), trainingFileHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      await first.close();

      const second = await openStore({ sqlitePath: path });
      const states: string[] = [];
      const outcome = await followFineTuneJob({ store: fineTuneStoreOf(second), backend: createOpenaiFineTuneBackend({ apiKey: "sk-test", baseUrl: mock.url }), jobId: "ft-1", now, intervalMs: 0, sleep, onUpdate: (update) => {
        states.push(update.job.state);
        mock.advance();
      } });
      expect(states).toEqual(["validating", "queued", "running", "succeeded"]);
      expect(outcome.job).toMatchObject({ state: "succeeded", trainedTokens: 3_000, costUsd: 0.009, error: null });
      expect(outcome.registered).toMatchObject({ id: modelIdOfJob("ft-1"), target: outcome.job.fineTunedModel, baseModel: "gpt-4o-mini", datasetHash: started.trainingFileHash, hyperparameters: { epochs: 2 }, costUsd: 0.009, status: "candidate", useCase: "support" });
      const events = await fineTuneStoreOf(second).listEvents("ft-1");
      expect(events.map((event) => event.message)).toContain("The job has successfully completed");
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
      expect((await fineTuneStoreOf(second).listMetrics("ft-1")).map((point) => point.step)).toEqual([1, 2, 3]);
      // A later poll changes nothing and registers nothing again.
      const again = await syncFineTuneJob({ store: fineTuneStoreOf(second), backend, jobId: "ft-1", now });
      expect(again.registered).toBeUndefined();
      expect(await fineTuneStoreOf(second).listModels()).toHaveLength(1);
      await second.close();
    } finally {
      await mock.close();
    }
  });

  it("records a submission that fails as a failed job, and waits out a transient outage while following", async () => {
    const mock = await startOpenaiFineTuneMock();
    const store = await openStore({ sqlitePath: ":memory:" });
    try {
      const backend = createOpenaiFineTuneBackend({ apiKey: "sk-test", baseUrl: mock.url });
      mock.failNext(400);
      const failure = await startFineTuneJob({ store: fineTuneStoreOf(store), backend, backendName: "openai", project: "demo", id: "bad", baseModel: "gpt-4o-mini", method: "supervised", trainingFile, hyperparameters: {}, now }).catch((error: unknown) => error);
      expect(isTuneopsError(failure) && failure.code).toBe("provider_bad_request");
      expect(await fineTuneStoreOf(store).getJob("bad")).toMatchObject({ state: "failed", error: { code: "provider_bad_request" }, finishedAt: expect.any(Number) });

      await startFineTuneJob({ store: fineTuneStoreOf(store), backend, backendName: "openai", project: "demo", id: "ok", baseModel: "gpt-4o-mini", method: "supervised", trainingFile, hyperparameters: {}, now });
      mock.failNext(503, 2);
      const outcome = await followFineTuneJob({ store: fineTuneStoreOf(store), backend, jobId: "ok", now, intervalMs: 0, sleep });
      expect(outcome.job.state).toBe("succeeded");
      expect(outcome.job.costUsd).toBeNull();
    } finally {
      await store.close();
      await mock.close();
    }
  });
});
