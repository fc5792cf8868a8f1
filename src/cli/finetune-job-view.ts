import type { FineTuneJobRecord, FineTuneStore } from "../spec/finetune-store.js";
import type { Store } from "../spec/store.js";
import { fineTuneStoreOf } from "../store/finetune-store.js";
import type { CliContext } from "./context.js";
import { openProjectStore } from "./compose.js";
import { fineTuneBackendFor, loadFinetuneProject, type FinetuneProject, type ResolvedBackend } from "./finetune-compose.js";
import { paint } from "./terminal.js";

/** Opens the project's store, its fine-tuning part (`registry`) and settings for one command, closing the store after it. */
export async function withFinetuneStore<T>(context: CliContext, configPath: string, work: (registry: FineTuneStore, project: FinetuneProject, store: Store) => Promise<T>): Promise<T> {
  const project = await loadFinetuneProject(configPath);
  const store = await openProjectStore(context.environment, project.dir);
  try {
    return await work(fineTuneStoreOf(store), project, store);
  } finally {
    await store.close();
  }
}

/** The backend a stored job runs on, rebuilt from the configuration by the name the job recorded. */
export function backendOfJob(project: FinetuneProject, job: FineTuneJobRecord): ResolvedBackend {
  return fineTuneBackendFor(project, job.backend);
}

/** A job as `--json` prints it (snake_case, ISO times). */
export function jobJson(job: FineTuneJobRecord): Record<string, unknown> {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: job.id,
    state: job.state,
    backend: job.backend,
    backend_kind: job.backendKind,
    backend_status: job.backendStatus,
    external_id: job.externalId,
    base_model: job.baseModel,
    method: job.method,
    training_file: job.trainingFile,
    training_file_sha256: job.trainingFileHash,
    validation_file: job.validationFile,
    hyperparameters: job.hyperparameters,
    use_case: job.useCase,
    fine_tuned_model: job.fineTunedModel,
    artifacts: job.artifacts,
    trained_tokens: job.trainedTokens,
    cost_usd: job.costUsd,
    error: job.error,
    created_at: iso(job.createdAt),
    updated_at: iso(job.updatedAt),
    finished_at: iso(job.finishedAt),
  };
}

const stateStyles = { succeeded: "green", failed: "red", cancelled: "yellow" } as const;

export function printJob(context: CliContext, job: FineTuneJobRecord): void {
  const { terminal } = context;
  const style = stateStyles[job.state as keyof typeof stateStyles] ?? "cyan";
  terminal.out(`${job.id}  ${paint(terminal, style, job.state)}${job.backendStatus && job.backendStatus !== job.state ? ` (${job.backendStatus})` : ""}  ${job.backend}${job.externalId ? ` ${job.externalId}` : ""}`);
  terminal.out(`  base model: ${job.baseModel}  method: ${job.method}  data: ${job.trainingFile} (sha256 ${job.trainingFileHash.slice(0, 12)})`);
  const hyper = Object.entries(job.hyperparameters).map(([key, value]) => `${key}=${value}`);
  if (hyper.length > 0) terminal.out(`  hyperparameters: ${hyper.join(", ")}`);
  if (job.fineTunedModel) terminal.out(`  model: ${job.fineTunedModel}`);
  if (job.trainedTokens !== null) terminal.out(`  trained tokens: ${job.trainedTokens.toLocaleString("en-US")}`);
  terminal.out(`  cost: ${job.costUsd === null ? "unknown (set training_price_per_mtok or gpu_hour_usd on the backend)" : `$${job.costUsd.toFixed(4)}`}`);
  if (job.error) terminal.out(`  ${paint(terminal, "red", "error:")} ${job.error.code}: ${job.error.message}`);
}
