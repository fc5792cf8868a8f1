import { setTimeout as sleep } from "node:timers/promises";
import { isConnectionLost, toStoreError } from "./store-error.js";

/**
 * How a store operation that lost its connection is tried again. The defaults ride out a backend
 * terminated by `pg_terminate_backend`, a pooler or proxy that closed an idle connection, and the first
 * second of a failover: the pool opens a new connection on the next try. Longer outages are the
 * caller's to ride out (the gateway's log queue, an eval's result writer), each with its own budget.
 */
export interface StoreRetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try, ms; doubled before each later one. */
  baseDelayMs: number;
}

export const defaultStoreRetry: StoreRetryPolicy = { attempts: 4, baseDelayMs: 100 };

/**
 * Runs `work`, trying again after a lost connection. The work must be safe to repeat: one read, or one
 * write whose rows are keyed (a repeat after a commit whose acknowledgement was lost finds them there).
 */
export async function withStoreRetry<T>(work: () => Promise<T>, policy: StoreRetryPolicy = defaultStoreRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || !isConnectionLost(error)) throw error;
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** One guarded store operation: tried again after a lost connection, its failure wrapped as `store_failed` naming it. */
export async function storeOperation<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await withStoreRetry(work);
  } catch (error) {
    throw toStoreError(operation, error);
  }
}
