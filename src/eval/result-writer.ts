import type { ResultRecord } from "../spec/result.js";
import type { CachedResponse, Store } from "../spec/store.js";

/**
 * Writes results to the store in batched transactions, off the call path: a batch goes when it is
 * full or when the flush interval passes, one transaction at a time. What is flushed is durable; a
 * `kill -9` loses at most the unflushed tail, which a resume recomputes.
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
    private readonly options: { batchSize: number; flushIntervalMs: number },
  ) {}

  add(result: ResultRecord, cacheEntry?: { key: string; value: CachedResponse }): void {
    if (this.failure) throw this.failure;
    this.results.push(result);
    if (cacheEntry) this.cacheEntries.push(cacheEntry);
    if (this.results.length >= this.options.batchSize) this.flushSoon();
    else if (!this.timer) this.timer = setTimeout(() => this.flushSoon(), this.options.flushIntervalMs);
  }

  /** Results accepted but not yet written; the executor waits on this to bound memory. */
  get pending(): number {
    return this.results.length;
  }

  /** Resolves when everything added so far is durable. */
  async flush(): Promise<void> {
    this.flushSoon();
    await this.writing;
    if (this.failure) throw this.failure;
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
    this.writing = this.writing.then(async () => {
      if (this.failure) return;
      try {
        if (cacheEntries.length > 0) await this.store.cachePut(cacheEntries);
        this.written += await this.store.insertResults(results);
      } catch (error) {
        this.failure = error;
      }
    });
  }
}
