import { hashFile } from "../../data/hash-file.js";
import { assertReadableFile } from "../../data/open-dataset.js";
import { TuneopsError, toErrorData } from "../../spec/errors.js";
import type { FineTuneBackendV1, FineTuneHyperparameters, FineTuneMethod, FineTuneSubmitRequest } from "../../spec/finetune-backend.js";
import type { FineTuneJobRecord, FineTuneStore } from "../../spec/finetune-store.js";

/** What the backend is asked to train (its `jobId` is the job's `id`), and where the job is kept. */
export interface StartFineTuneJobOptions extends Omit<FineTuneSubmitRequest, "jobId"> {
  store: FineTuneStore;
  backend: FineTuneBackendV1;
  /** The backend's name in the configuration (stored, so a later process can rebuild it). */
  backendName: string;
  project: string;
  id: string;
  useCase?: string;
  trainingPricePerMTok?: number;
  now: () => number;
  signal?: AbortSignal;
}

/** What the backend will not honour; the caller reports these as warnings (never silently dropped). */
export function unsupportedSettings(backend: FineTuneBackendV1, options: { method: FineTuneMethod; hyperparameters: FineTuneHyperparameters }): string[] {
  if (!backend.capabilities.methods.includes(options.method)) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `the ${backend.kind} backend does not train with the ${options.method} method`,
      location: { field: "--method" },
      hint: `It supports: ${backend.capabilities.methods.join(", ")}.`,
    });
  }
  return Object.keys(options.hyperparameters).filter((key) => !(backend.capabilities.hyperparameters as readonly string[]).includes(key));
}

/**
 * Records the job first (so it is never lost), then uploads and submits it. A submission that fails
 * leaves the job `failed` with the error, and rethrows.
 */
export async function startFineTuneJob(callerOptions: StartFineTuneJobOptions): Promise<FineTuneJobRecord> {
  await assertReadableFile(callerOptions.trainingFile);
  if (callerOptions.validationFile !== undefined) await assertReadableFile(callerOptions.validationFile);
  // What the backend can check up front (a local base model's folder) fails here, before a job exists.
  const options = callerOptions.backend.check ? await callerOptions.backend.check(callerOptions) : callerOptions;
  const { store } = options;
  await store.createJob({
    id: options.id,
    project: options.project,
    backend: options.backendName,
    backendKind: options.backend.kind,
    baseModel: options.baseModel,
    method: options.method,
    trainingFile: options.trainingFile,
    trainingFileHash: await hashFile(options.trainingFile),
    validationFile: options.validationFile ?? null,
    hyperparameters: options.hyperparameters,
    useCase: options.useCase ?? null,
    trainingPricePerMTok: options.trainingPricePerMTok ?? null,
    createdAt: options.now(),
  });
  try {
    const snapshot = await options.backend.submit(
      {
        jobId: options.id,
        baseModel: options.baseModel,
        method: options.method,
        trainingFile: options.trainingFile,
        hyperparameters: options.hyperparameters,
        ...(options.validationFile === undefined ? {} : { validationFile: options.validationFile }),
        ...(options.suffix === undefined ? {} : { suffix: options.suffix }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      },
      options.signal ? { signal: options.signal } : {},
    );
    const now = options.now();
    await store.updateJob(options.id, { externalId: snapshot.externalId, state: snapshot.state, backendStatus: snapshot.backendStatus, updatedAt: now });
    await store.appendEvents(options.id, [{ id: `tuneops-submitted`, createdAt: now, level: "info", message: `submitted to ${options.backendName} as ${snapshot.externalId} (${snapshot.backendStatus})` }]);
  } catch (error) {
    const data = toErrorData(error);
    const now = options.now();
    await store.updateJob(options.id, { state: "failed", error: { code: data.code, message: data.message }, updatedAt: now, finishedAt: now });
    await store.appendEvents(options.id, [{ id: "tuneops-submit-failed", createdAt: now, level: "error", message: `submission failed: ${data.message}` }]);
    throw error;
  }
  return (await store.getJob(options.id))!;
}
