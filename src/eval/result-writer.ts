import { setTimeout as sleep } from "node:timers/promises";
import type { ResultRecord } from "../spec/result.js";
import type { CachedResponse, Store } from "../spec/store.js";

export interface ResultWriterOptions {
  batchSize: number;
  flushIntervalMs: number;
  /**
   * How long a batch the store refused with a retryable error (a lost connection, a locked file) is
   * tried again before the writer gives up, ms. The store itself already rode out a dropped connection.
   */
  retryForMs?: number;
  /** First wait between tries, ms; doubled up to 5 s. */
  retryDelayMs?: number;
  /** Called once when the writer gives up: the run should stop taking work. */
  onFailure?: (error: unknown) => void;
}

/** Default for `retryForMs`: a PostgreSQL restart or failover usually completes within a minute. */
export const defaultResultRetryMs = 60_000;

/**
 * Writes results to the store in batched transactions, off the call path: a batch goes when it is
 * full or when the flush interval passes, one transaction at a time. What is flushed is durable; a
 * `kill -9` loses at most the unflushed tail, which a resume recomputes. A batch the store refuses is
 * tried again with backoff; past `retryForMs` the writer fails once, keeps nothing more, and `flush`
 * throws the store's error (results not written are recomputed by a resume).
 */
export class ResultWriter {
  private results: ResultRecord[] = [];
  private cacheEntries: { key: string; value: CachedResponse }[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;
  written = 0;

  constructor(
    private readonly store: Store,
    private readonly options: ResultWriterOptions,
  ) {}

  add(result: ResultRecord, cacheEntry?: { key: string; value: CachedResponse }): void {
    // After a failure the run is stopping: what arrives now is left for the resume to redo.
    if (this.failure !== undefined) return;
    this.results.push(result);
    if (cacheEntry) this.cacheEntries.push(cacheEntry);
    if (this.results.length >= this.options.batchSize) this.flushSoon();
    else if (!this.timer) this.timer = setTimeout(() => this.flushSoon(), this.options.flushIntervalMs);
  }

  /** Results accepted but not yet written; the executor waits on this to bound memory. */
  get pending(): number {
    return this.results.length;
  }

  /** Whether the writer gave up on the store. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Stops the writer as if the store had failed with `error` (a store read failed elsewhere in the run). */
  fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.results = [];
    this.cacheEntries = [];
    this.options.onFailure?.(error);
  }

  /** Resolves when everything added so far is durable; throws the store's error once the writer failed. */
  async flush(): Promise<void> {
    this.flushSoon();
    await this.writing;
    if (this.failure !== undefined) throw this.failure;
  }

  private flushSoon(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.results.length === 0 && this.cacheEntries.length === 0) return;
    const results = this.results;
    const cacheEntries = this.cacheEntries;
    this.results = [];
    this.cacheEntries = [];
    this.writing = this.writing.then(() => this.write(results, cacheEntries));
  }

  private async write(results: ResultRecord[], cacheEntries: { key: string; value: CachedResponse }[]): Promise<void> {
    const retryForMs = this.options.retryForMs ?? defaultResultRetryMs;
    const started = Date.now();
    let delay = this.options.retryDelayMs ?? 250;
    let cached = cacheEntries.length === 0;
    for (;;) {
      if (this.failure !== undefined) return;
      try {
        // Both writes are keyed (cache key; run, candidate, case, repeat), so a repeat adds nothing twice.
        if (!cached) await this.store.cachePut(cacheEntries);
        cached = true;
        this.written += await this.store.insertResults(results);
        return;
      } catch (error) {
        if (!isRetryable(error) || Date.now() - started + delay > retryForMs) return this.fail(error);
        await sleep(delay);
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  return typeof error === "object" && error !== null && "isRetryable" in error && error.isRetryable === true;
}
