import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isTuneopsError } from "../spec/errors.js";
import type { FineTuneStore, NewFineTuneJob, NewRegisteredModel } from "../spec/finetune-store.js";
import type { Store } from "../spec/store.js";
import { fineTuneStoreOf } from "./finetune-store.js";

/** The FineTuneStore conformance suite, run on SQLite and PostgreSQL. `create` returns a fresh, migrated store. */
export function describeFineTuneStoreConformance(name: string, create: () => Promise<Store>): void {
  describe(`FineTuneStore conformance: ${name}`, () => {
    let store: Store;
    let registry: FineTuneStore;
    beforeEach(async () => {
      store = await create();
      registry = fineTuneStoreOf(store);
    });
    afterEach(async () => {
      await store.close();
    });

    it("creates a queued job and persists every field of its state machine", async () => {
      const created = await registry.createJob(newJob({ id: "ft-1" }));
      expect(created).toMatchObject({ id: "ft-1", state: "queued", externalId: null, artifacts: {}, error: null, updatedAt: 1_700_000_000_000 });
      const finished = {
        state: "succeeded",
        externalId: "ftjob-9",
        backendStatus: "succeeded",
        fineTunedModel: "ft:gpt:x",
        artifacts: { result_file: "file-1" },
        trainedTokens: 12_345_678_901,
        costUsd: 1.25,
        error: null,
        lastEventId: "ev-3",
        updatedAt: 1_700_000_100_000,
        finishedAt: 1_700_000_100_000,
      } as const;
      await registry.updateJob("ft-1", finished);
      expect(await registry.getJob("ft-1")).toEqual({ ...newJob({ id: "ft-1" }), ...finished });
      await registry.updateJob("ft-1", { error: { code: "x", message: "y" } });
      expect((await registry.getJob("ft-1"))?.error).toEqual({ code: "x", message: "y" });
      const missing = await registry.updateJob("nope", { state: "failed" }).catch((error: unknown) => error);
      expect(isTuneopsError(missing) && missing.code).toBe("not_found");
    });

    it("lists jobs newest first, unfinished ones alone when asked", async () => {
      await registry.createJob(newJob({ id: "a", createdAt: 1 }));
      await registry.createJob(newJob({ id: "b", createdAt: 2 }));
      await registry.createJob(newJob({ id: "c", createdAt: 3 }));
      await registry.updateJob("b", { state: "cancelled" });
      expect((await registry.listJobs()).map((job) => job.id)).toEqual(["c", "b", "a"]);
      expect((await registry.listJobs({ unfinished: true })).map((job) => job.id)).toEqual(["c", "a"]);
      expect((await registry.listJobs({ limit: 1 })).map((job) => job.id)).toEqual(["c"]);
    });

    it("stores events once each, in arrival order, and metrics by step (last write wins)", async () => {
      await registry.createJob(newJob({ id: "ft" }));
      const event = (id: string, createdAt: number) => ({ id, createdAt, level: "info" as const, message: `event ${id} ✓` });
      expect(await registry.appendEvents("ft", [event("e1", 5), event("e2", 5)])).toBe(2);
      expect(await registry.appendEvents("ft", [event("e2", 5), event("e3", 4)])).toBe(1);
      expect((await registry.listEvents("ft")).map((stored) => stored.id)).toEqual(["e1", "e2", "e3"]);
      await registry.putMetrics("ft", [{ step: 2, values: { loss: 1.5 } }, { step: 1, epoch: 0.5, values: { loss: 2.25 } }]);
      await registry.putMetrics("ft", [{ step: 2, epoch: 1, values: { loss: 1.25, grad_norm: 0.5 } }]);
      expect(await registry.listMetrics("ft")).toEqual([
        { step: 1, epoch: 0.5, values: { loss: 2.25 } },
        { step: 2, epoch: 1, values: { loss: 1.25, grad_norm: 0.5 } },
      ]);
    });

    it("registers models with lineage and records promotions with their status changes atomically", async () => {
      await registry.registerModel(newModel({ id: "m1", createdAt: 1 }));
      await registry.registerModel(newModel({ id: "m2", createdAt: 2 }));
      await registry.registerModel(newModel({ id: "other", useCase: "elsewhere", createdAt: 3 }));
      expect(await registry.getModel("m1")).toEqual({ ...newModel({ id: "m1", createdAt: 1 }), status: "candidate", updatedAt: 1 });
      expect((await registry.listModels({ useCase: "support" })).map((model) => model.id)).toEqual(["m2", "m1"]);
      await registry.updateModel("m1", { evalRuns: ["run-1", "run-2"], status: "active", updatedAt: 5 });
      const promotion = { id: "p1", useCase: "support", action: "promote" as const, modelId: "m2", previousModelId: "m1", status: "canary" as const, route: "chat", canaryPercent: 10, gatewayTarget: "vllm", gate: { verdict: "b" }, createdAt: 10 };
      expect(await registry.recordPromotion(promotion, { m2: "canary" })).toEqual(promotion);
      expect((await registry.getModel("m2"))?.status).toBe("canary");
      const failed = await registry.recordPromotion({ ...promotion, id: "p2" }, { m2: "active", ghost: "retired" }).catch((error: unknown) => error);
      expect(isTuneopsError(failed) && failed.code).toBe("not_found");
      expect((await registry.getModel("m2"))?.status).toBe("canary");
      expect((await registry.listPromotions({ useCase: "support" })).map((stored) => stored.id)).toEqual(["p1"]);
      await registry.recordPromotion({ ...promotion, id: "p3", useCase: "elsewhere", modelId: "other", previousModelId: null, gatewayTarget: null, createdAt: 11 }, { other: "canary" });
      expect((await registry.listPromotions()).map((stored) => [stored.id, stored.gatewayTarget])).toEqual([
        ["p3", null],
        ["p1", "vllm"],
      ]);
    });
  });
}

function newJob(overrides: Partial<NewFineTuneJob>): NewFineTuneJob {
  return {
    id: "ft",
    project: "demo",
    backend: "openai",
    backendKind: "openai",
    baseModel: "gpt-4o-mini",
    method: "supervised",
    trainingFile: "/data/train.jsonl",
    trainingFileHash: "abc",
    validationFile: null,
    hyperparameters: { epochs: 3, learningRateMultiplier: 0.5 },
    useCase: "support",
    trainingPricePerMTok: 3,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

function newModel(overrides: Partial<NewRegisteredModel>): NewRegisteredModel {
  return {
    id: "m",
    target: "ft:gpt-4o-mini:org::abc",
    source: "openai",
    useCase: "support",
    baseModel: "gpt-4o-mini",
    jobId: "ft-1",
    datasetHash: "abc",
    hyperparameters: { epochs: 3 },
    costUsd: 0.5,
    evalRuns: [],
    createdAt: 1,
    ...overrides,
  };
}
