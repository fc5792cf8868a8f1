import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isFinalFineTuneState, type FineTuneBackendV1, type FineTuneJobSnapshot } from "../../spec/finetune-backend.js";

export interface BackendFixture {
  backend: FineTuneBackendV1;
  /** Base model the backend accepts. */
  baseModel: string;
  close(): Promise<void>;
}

/**
 * The one conformance suite every fine-tuning backend passes (OpenAI and Together against their mock
 * servers, the local trainer against its stand-in process). `create` returns a fresh backend whose jobs
 * succeed when polled long enough.
 */
export function describeFineTuneBackendConformance(name: string, create: () => Promise<BackendFixture>, options: { pollMs?: number } = {}): void {
  describe(`FineTuneBackend conformance: ${name}`, () => {
    let fixture: BackendFixture;
    const folder = mkdtempSync(join(tmpdir(), "tuneops-ft-backend-"));
    const trainingFile = join(folder, "train.jsonl");
    writeFileSync(trainingFile, `${JSON.stringify({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }] })}\n`);
    let jobs = 0;
    beforeEach(async () => {
      fixture = await create();
    });
    afterEach(async () => {
      await fixture.backend.close();
      await fixture.close();
    });
    const submit = (): Promise<FineTuneJobSnapshot> =>
      fixture.backend.submit({ baseModel: fixture.baseModel, method: "supervised", trainingFile, hyperparameters: { epochs: 1 }, jobId: `job-${jobs++}-${process.pid}-${Date.now().toString(36)}` });
    const untilFinal = async (id: string): Promise<FineTuneJobSnapshot> => {
      for (let attempt = 0; attempt < 400; attempt++) {
        const job = await fixture.backend.retrieve(id);
        if (isFinalFineTuneState(job.state)) return job;
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 0));
      }
      throw new Error(`job ${id} never reached a final state`);
    };

    it("declares its capabilities and version", () => {
      expect(fixture.backend.specificationVersion).toBe("v1");
      expect(fixture.backend.capabilities.methods).toContain("supervised");
    });

    it("runs a job to success through normalised states, with a model, events and metrics", async () => {
      const submitted = await submit();
      expect(["queued", "validating", "running"]).toContain(submitted.state);
      const done = await untilFinal(submitted.externalId);
      expect(done).toMatchObject({ externalId: submitted.externalId, state: "succeeded", error: null });
      expect(done.fineTunedModel).toBeTruthy();
      expect(done.finishedAt).not.toBeNull();
      const events = await fixture.backend.events(submitted.externalId);
      expect(events.length).toBeGreaterThan(0);
      const times = events.map((event) => event.createdAt);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const later = await fixture.backend.events(submitted.externalId, { after: events[0]!.id });
      expect(later.map((event) => event.id)).toEqual(events.slice(1).map((event) => event.id));
      const metrics = await fixture.backend.metrics(submitted.externalId);
      if (fixture.backend.capabilities.liveMetrics) {
        expect(metrics.length).toBeGreaterThan(0);
        expect(Object.keys(metrics[0]!.values).length).toBeGreaterThan(0);
      }
      if (fixture.backend.capabilities.checkpoints) expect(Array.isArray(await fixture.backend.checkpoints(submitted.externalId))).toBe(true);
      expect((await fixture.backend.list()).map((job) => job.externalId)).toContain(submitted.externalId);
    });

    it("cancels a job that has not finished", async () => {
      if (!fixture.backend.capabilities.cancel) return;
      const submitted = await submit();
      await fixture.backend.cancel(submitted.externalId);
      const done = await untilFinal(submitted.externalId);
      expect(done.state).toBe("cancelled");
    });

    it("reports an unknown job as not found", async () => {
      const failure = await fixture.backend.retrieve("no-such-job-0000").catch((error: unknown) => error);
      expect((failure as { code?: string }).code).toBe("not_found");
    });
  });
}
