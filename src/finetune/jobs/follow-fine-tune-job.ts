import { isFinalFineTuneState } from "../../spec/finetune-backend.js";
import { syncFineTuneJob, type SyncFineTuneJobOptions, type SyncOutcome } from "./sync-fine-tune-job.js";

export interface FollowFineTuneJobOptions extends SyncFineTuneJobOptions {
  /** Wait between polls, ms. */
  intervalMs: number;
  /** Resolves after `ms`, or early when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onUpdate?: (outcome: SyncOutcome) => void;
}

/**
 * Polls a job until it is final (or the signal aborts: the job keeps running at the backend and any
 * later `follow` picks it up from the store). Transient backend failures (rate limits, outages) wait and
 * poll again; other errors end the follow.
 */
export async function followFineTuneJob(options: FollowFineTuneJobOptions): Promise<SyncOutcome> {
  let retries = 0;
  for (;;) {
    let outcome: SyncOutcome;
    try {
      outcome = await syncFineTuneJob(options);
      retries = 0;
    } catch (error) {
      const retryable = typeof error === "object" && error !== null && (error as { isRetryable?: unknown }).isRetryable === true;
      if (!retryable || retries >= 10 || options.signal?.aborted) throw error;
      retries++;
      const wait = (error as { retryAfterMs?: number }).retryAfterMs ?? options.intervalMs * retries;
      await options.sleep(wait, options.signal);
      continue;
    }
    options.onUpdate?.(outcome);
    if (isFinalFineTuneState(outcome.job.state) || options.signal?.aborted) return outcome;
    await options.sleep(options.intervalMs, options.signal);
    if (options.signal?.aborted) return outcome;
  }
}
