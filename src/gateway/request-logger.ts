import type { GatewayStore, RequestLogRecord } from "../spec/gateway-store.js";

export interface RequestLoggerOptions {
  store: Pick<GatewayStore, "insertRequests">;
  /** Most time a row waits in memory, ms. */
  flushMs: number;
  /** Rows that trigger a write at once. */
  batchSize: number;
  /** Called when a write fails (the rows are kept and retried, up to `maxPending`). */
  onError?: (error: unknown, rows: number) => void;
  /** Rows kept in memory while the store refuses writes; the oldest beyond this are dropped and counted. */
  maxPending?: number;
  onDropped?: (rows: number) => void;
}

/**
 * Log rows are appended to an in-memory batch on the request path and written off it, in one
 * transaction per batch, on a timer or when the batch is full. `close` writes everything left (graceful
 * shutdown loses no row).
 */
export class RequestLogger {
  readonly #options: RequestLoggerOptions;
  #pending: RequestLogRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #written = 0;

  constructor(options: RequestLoggerOptions) {
    this.#options = options;
  }

  /** Rows written to the store so far. */
  get written(): number {
    return this.#written;
  }

  get pending(): number {
    return this.#pending.length;
  }

  push(row: RequestLogRecord): void {
    this.#pending.push(row);
    if (this.#pending.length >= this.#options.batchSize) {
      if (this.#writing === undefined) void this.flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.flush();
      }, this.#options.flushMs);
      this.#timer.unref();
    }
  }

  /** Writes what is pending now (waiting for a write in progress first); never throws. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#writing = this.#write(batch);
    try {
      await this.#writing;
    } finally {
      this.#writing = undefined;
    }
    // Rows that arrived during the write wait for their own timer or a full batch.
    if (this.#pending.length >= this.#options.batchSize) void this.flush();
    else if (this.#pending.length > 0 && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.flush();
      }, this.#options.flushMs);
      this.#timer.unref();
    }
  }

  async #write(batch: RequestLogRecord[]): Promise<void> {
    try {
      await this.#options.store.insertRequests(batch);
      this.#written += batch.length;
    } catch (error) {
      this.#options.onError?.(error, batch.length);
      // Keep the rows for the next write, bounded so a dead store cannot exhaust memory.
      this.#pending = batch.concat(this.#pending);
      const limit = this.#options.maxPending ?? 100_000;
      if (this.#pending.length > limit) {
        const dropped = this.#pending.length - limit;
        this.#pending.splice(0, dropped);
        this.#options.onDropped?.(dropped);
      }
    }
  }

  /** Writes every pending row, retrying a failed write a few times. */
  async close(): Promise<void> {
    for (let attempt = 0; attempt < 5 && (this.#pending.length > 0 || this.#writing !== undefined); attempt++) await this.flush();
  }
}
