import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import type { ResultRecord } from "../../spec/result.js";
import type { Store } from "../../spec/store.js";
import type { FineTuneStore } from "../../spec/finetune-store.js";
import { fineTuneStoreOf } from "../../store/finetune-store.js";
import { openStore } from "../../store/open-store.js";
import { promoteModel, rollbackUseCase } from "./promote-model.js";

let store: Store;
let registry: FineTuneStore;
let clock = 1_000;
const now = () => ++clock;
beforeEach(async () => {
  store = await openStore({ sqlitePath: ":memory:" });
  registry = fineTuneStoreOf(store);
});
afterEach(() => store.close());

/** A stored run of the `support` suite where each candidate passes the cases listed. */
async function run(id: string, passes: Record<string, (index: number) => boolean>, cases = 200, suite = "support"): Promise<void> {
  const candidateIds = Object.keys(passes);
  // Each candidate calls the model `ft:<candidate>` (the target `register` gives a model of that id).
  const providers = Object.fromEntries(candidateIds.map((candidate) => [candidate, { type: "openai-compatible", model: `ft:${candidate}`, base_url: "http://127.0.0.1:9/v1" }]));
  const candidates = candidateIds.map((candidate) => ({ id: candidate, provider: candidate }));
  const config = { version: 1, suite, candidateIds, config: { providers, prompts: {}, evals: { [suite]: { repeats: 1, candidates } } } };
  await store.createRun({ id, project: "demo", suite, config, datasetHash: "h", plannedCount: cases * candidateIds.length, createdAt: now() });
  const results: ResultRecord[] = [];
  for (const candidateId of candidateIds) {
    for (let index = 0; index < cases; index++) {
      const pass = passes[candidateId]!(index);
      results.push({ runId: id, candidateId, caseIndex: index, caseId: `c${index}`, repeat: 0, output: "x", finishReason: "stop", scores: [], pass, score: pass ? 1 : 0, latencyMs: 1, ttftMs: null, inputTokens: 1, outputTokens: 1, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null, costUsd: null, cached: false, error: null, retrieved: null, createdAt: now() });
    }
  }
  await store.insertResults(results);
}

async function register(id: string, useCase: string | null = "support"): Promise<void> {
  await registry.registerModel({ id, target: `ft:${id}`, source: "openai", useCase, baseModel: "gpt-4o-mini", jobId: null, datasetHash: "d", hyperparameters: {}, costUsd: 1, evalRuns: [], createdAt: now() });
}

const gate = { require: "non-inferior" as const, margin: 0.02 };

describe("promotion and rollback", () => {
  it("promotes to canary, then to active (retiring the incumbent), and rolls back in one step each", async () => {
    await register("incumbent");
    await registry.updateModel("incumbent", { status: "active" });
    await register("tuned");
    await run("r1", { base: (index) => index % 4 !== 0, tuned: (index) => index % 10 !== 0 });

    const canary = await promoteModel({ store, registry, modelId: "tuned", candidateRun: "r1", candidate: "tuned", incumbent: "base", ...gate, canaryPercent: 10, route: "support-chat", id: "p1", now });
    expect(canary.gate).toMatchObject({ passed: true, metric: "pass_rate", candidate: "tuned", incumbent: "base", shared_cases: 200 });
    expect(canary.promotion).toMatchObject({ status: "canary", canaryPercent: 10, route: "support-chat", previousModelId: "incumbent" });
    expect((await registry.getModel("tuned"))?.status).toBe("canary");
    expect((await registry.getModel("incumbent"))?.status).toBe("active");

    await rollbackUseCase({ registry, useCase: "support", id: "rb1", now });
    expect((await registry.getModel("tuned"))?.status).toBe("rolled-back");
    expect((await registry.getModel("incumbent"))?.status).toBe("active");

    const full = await promoteModel({ store, registry, modelId: "tuned", candidateRun: "r1", candidate: "tuned", incumbent: "base", ...gate, id: "p2", now });
    expect(full.promotion).toMatchObject({ status: "active", canaryPercent: null });
    expect((await registry.getModel("incumbent"))?.status).toBe("retired");
    expect((await registry.getModel("tuned"))).toMatchObject({ status: "active", evalRuns: ["r1"] });

    const back = await rollbackUseCase({ registry, useCase: "support", id: "rb2", now });
    expect(back).toMatchObject({ action: "rollback", modelId: "incumbent", previousModelId: "tuned" });
    expect((await registry.getModel("incumbent"))?.status).toBe("active");
    expect((await registry.getModel("tuned"))?.status).toBe("rolled-back");
    const again = await rollbackUseCase({ registry, useCase: "support", id: "rb3", now }).catch((error: unknown) => error);
    expect(isTuneopsError(again) && again.message).toContain("already a rollback");
  });

  it("refuses a candidate that is worse, changing nothing, and one that is only not-worse when better is required", async () => {
    await register("tuned");
    await run("r1", { base: () => true, tuned: (index) => index % 3 !== 0 });
    const worse = await promoteModel({ store, registry, modelId: "tuned", candidateRun: "r1", candidate: "tuned", incumbent: "base", ...gate, id: "p", now });
    expect(worse.gate.passed).toBe(false);
    expect(worse.gate.reason).toMatch(/may be more than 0.02 below/);
    expect(worse.promotion).toBeUndefined();
    expect((await registry.getModel("tuned"))?.status).toBe("candidate");

    await run("r2", { base: (index) => index % 2 === 0, tuned: (index) => index % 2 === 0 });
    const same = await promoteModel({ store, registry, modelId: "tuned", candidateRun: "r2", candidate: "tuned", incumbent: "base", require: "better", margin: 0, id: "p", now });
    expect(same.gate).toMatchObject({ passed: false, comparison: { verdict: "tie" } });
  });

  it("gates only on the model's use case suite, and needs a use case", async () => {
    await register("tuned");
    await run("other", { base: () => true, tuned: () => true }, 20, "elsewhere");
    const wrongSuite = await promoteModel({ store, registry, modelId: "tuned", candidateRun: "other", ...gate, id: "p", now }).catch((error: unknown) => error);
    expect(isTuneopsError(wrongSuite) && wrongSuite.message).toContain('evaluated suite "elsewhere"');
    await register("loose", null);
    const noUseCase = await promoteModel({ store, registry, modelId: "loose", candidateRun: "other", ...gate, id: "p", now }).catch((error: unknown) => error);
    expect(isTuneopsError(noUseCase) && noUseCase.message).toContain("has no use case");
  });

  it("refuses a gate whose candidate is not the model promoted, or was not called where the gateway will serve it", async () => {
    await register("tuned");
    await run("r1", { base: (index) => index % 4 !== 0, tuned: () => true, other: () => true });
    const wrong = await promoteModel({ store, registry, modelId: "tuned", candidateRun: "r1", candidate: "other", incumbent: "base", ...gate, id: "p", now }).catch((error: unknown) => error);
    expect(isTuneopsError(wrong) && wrong.message).toBe('candidate "other" of run r1 called provider other (openai-compatible, model ft:other), not model tuned (target ft:tuned): the gate did not measure the model being promoted');
    const elsewhere = await promoteModel({ store, registry, modelId: "tuned", candidateRun: "r1", candidate: "tuned", incumbent: "base", ...gate, route: "support", servingBaseUrl: "http://10.0.0.5:8000/v1", id: "p", now }).catch((error: unknown) => error);
    expect(isTuneopsError(elsewhere) && elsewhere.message).toContain("but the gateway would serve model tuned from http://10.0.0.5:8000/v1");
    expect((await registry.getModel("tuned"))?.status).toBe("candidate");
    const right = await promoteModel({ store, registry, modelId: "tuned", candidateRun: "r1", candidate: "tuned", incumbent: "base", ...gate, route: "support", servingBaseUrl: "http://127.0.0.1:9/v1/", id: "p", now });
    expect(right.promotion?.status).toBe("active");
  });
});
