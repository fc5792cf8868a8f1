import type { GatewayStore, RequestLogRecord } from "../spec/gateway-store.js";
import { LogQueue, type Shed } from "./log-queue.js";

export interface RequestLoggerOptions {
  store: Pick<GatewayStore, "insertRequests">;
  /** Most time a row waits in memory while the store is healthy, ms. */
  flushMs: number;
  /** Most rows per write (one transaction). */
  batchSize: number;
  /** Most bytes per write (rows are counted as `logRowBytes` counts them); a larger row goes alone. */
  batchBytes?: number;
  /** Most rows kept in memory while the store refuses writes. */
  maxPendingRows?: number;
  /** Most bytes kept in memory while the store refuses writes; past it bodies go first, then rows. */
  maxPendingBytes?: number;
  /** First wait before a failed write is tried again, ms; doubled after each failure up to `retryMaxMs`. */
  retryMs?: number;
  retryMaxMs?: number;
  /** Least time between two lines about the same outage, ms. */
  reportEveryMs?: number;
  /** Each failed write (for the metric). */
  onWriteFailed?: (error: unknown, rows: number) => void;
  /** Rows dropped (past the bound, or left when `close` gave up). */
  onDropped?: (rows: number) => void;
  /** Bodies removed from queued rows to stay within the byte bound. */
  onBodiesDropped?: (rows: number) => void;
  /** One line about the outage at most every `reportEveryMs`, and one when writes succeed again. */
  onReport?: (line: string) => void;
  now?: () => number;
}

export const requestLoggerDefaults = { batchBytes: 2 * 1024 * 1024, maxPendingRows: 100_000, maxPendingBytes: 64 * 1024 * 1024, retryMs: 250, retryMaxMs: 10_000, reportEveryMs: 10_000 } as const;

/**
 * Log rows are appended to a bounded queue on the request path and written off it, one transaction per
 * batch (at most `batchSize` rows and `batchBytes` bytes), on a timer or when a batch is full. A write
 * the store refuses is put back and tried again with backoff; nothing on the request path ever waits
 * for the store. `close` writes what is left, trying until its deadline.
 */
export class RequestLogger {
  readonly #options: RequestLoggerOptions;
  readonly #queue: LogQueue;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #retryAt: number | undefined;
  #retryDelay: number;
  #writing: Promise<boolean> | undefined;
  #inFlightRows = 0;
  #written = 0;
  #outage: { since: number; failures: number; lastError: unknown; reportedAt: number; droppedRows: number; droppedBodies: number } | undefined;
  #closed = false;

  constructor(options: RequestLoggerOptions) {
    this.#options = options;
    this.#queue = new LogQueue({ maxRows: options.maxPendingRows ?? requestLoggerDefaults.maxPendingRows, maxBytes: options.maxPendingBytes ?? requestLoggerDefaults.maxPendingBytes });
    this.#now = options.now ?? Date.now;
    this.#retryDelay = options.retryMs ?? requestLoggerDefaults.retryMs;
  }

  /** Rows written to the store so far. */
  get written(): number {
    return this.#written;
  }

  /** Rows waiting in memory. */
  get pending(): number {
    return this.#queue.rows;
  }

  /** Bytes waiting in memory (as `logRowBytes` counts them). */
  get pendingBytes(): number {
    return this.#queue.bytes;
  }

  push(row: RequestLogRecord): void {
    this.#counted(this.#queue.push(row));
    this.#schedule();
  }

  /** Writes what is pending now, batch by batch, until the queue is empty or a write fails; never throws. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    this.#clearTimer();
    while (this.#queue.rows > 0) {
      if (!(await this.#writeBatch())) break;
    }
    this.#schedule();
  }

  /**
   * Writes every pending row, trying failed writes again with backoff until `deadline` (epoch ms, by
   * `now`); rows still unwritten then are dropped and counted. Default: 10 s from now.
   */
  async close(options: { deadline?: number } = {}): Promise<void> {
    this.#closed = true;
    this.#clearTimer();
    const deadline = options.deadline ?? this.#now() + 10_000;
    // A write that hangs (a store that never answers) must not hold the shutdown past its deadline.
    const beforeDeadline = <T>(work: Promise<T>): Promise<T | "deadline"> => {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<"deadline">((resolve) => (timer = setTimeout(() => resolve("deadline"), Math.max(0, deadline - this.#now()))));
      return Promise.race([work, expired]).finally(() => clearTimeout(timer));
    };
    let inFlight = 0;
    if (this.#writing !== undefined && (await beforeDeadline(this.#writing)) === "deadline") inFlight = this.#inFlightRows;
    while (inFlight === 0 && this.#queue.rows > 0 && this.#now() < deadline) {
      const written = await beforeDeadline(this.#writeBatch());
      if (written === "deadline") inFlight = this.#inFlightRows;
      else if (!written) await beforeDeadline(new Promise((resolve) => setTimeout(resolve, this.#retryDelay)));
    }
    const lost = this.#queue.clear() + inFlight;
    if (lost > 0) {
      this.#options.onDropped?.(lost);
      this.#options.onReport?.(`request logs: ${lost} row(s) could not be written before shutdown and are lost (the store kept refusing: ${describe(this.#outage?.lastError)})`);
    }
  }

  #schedule(): void {
    if (this.#closed || this.#writing !== undefined || this.#queue.rows === 0) return;
    const full = this.#queue.rows >= this.#options.batchSize || this.#queue.bytes >= (this.#options.batchBytes ?? requestLoggerDefaults.batchBytes);
    const retryIn = this.#retryAt === undefined ? 0 : this.#retryAt - this.#now();
    const wait = retryIn > 0 ? retryIn : full ? 0 : this.#options.flushMs;
    if (wait === 0) {
      this.#clearTimer();
      void this.#drain();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.#drain();
      }, wait);
      this.#timer.unref();
    }
  }

  async #drain(): Promise<void> {
    if (this.#writing !== undefined) return;
    // Full batches go at once; a partial one waits for the flush timer, which has just fired or will.
    await this.#writeBatch();
    this.#schedule();
  }

  /** One write of the oldest rows; on failure the rows go back to the front and the backoff grows. */
  async #writeBatch(): Promise<boolean> {
    const batch = this.#queue.take({ maxRows: this.#options.batchSize, maxBytes: this.#options.batchBytes ?? requestLoggerDefaults.batchBytes });
    if (batch.length === 0) return true;
    const write = this.#options.store.insertRequests(batch).then(
      () => {
        this.#written += batch.length;
        this.#recovered();
        return true;
      },
      (error: unknown) => {
        this.#options.onWriteFailed?.(error, batch.length);
        this.#counted(this.#queue.restore(batch));
        this.#failed(error);
        return false;
      },
    );
    this.#writing = write;
    this.#inFlightRows = batch.length;
    try {
      return await write;
    } finally {
      this.#writing = undefined;
      this.#inFlightRows = 0;
    }
  }

  #failed(error: unknown): void {
    const now = this.#now();
    if (this.#outage === undefined) {
      this.#outage = { since: now, failures: 0, lastError: error, reportedAt: -Infinity, droppedRows: 0, droppedBodies: 0 };
    } else {
      this.#retryDelay = Math.min(this.#retryDelay * 2, this.#options.retryMaxMs ?? requestLoggerDefaults.retryMaxMs);
    }
    const outage = this.#outage;
    outage.failures++;
    outage.lastError = error;
    this.#retryAt = now + this.#retryDelay;
    if (now - outage.reportedAt >= (this.#options.reportEveryMs ?? requestLoggerDefaults.reportEveryMs)) {
      outage.reportedAt = now;
      const dropped = outage.droppedRows + outage.droppedBodies > 0 ? `; dropped so far: ${outage.droppedBodies} bodies, ${outage.droppedRows} rows` : "";
      this.#options.onReport?.(
        `request logs: the store refuses writes (${outage.failures} failed since ${new Date(outage.since).toISOString()}): ${describe(error)}; ${this.#queue.rows} rows (${megabytes(this.#queue.bytes)} MB) kept in memory${dropped}; next try in ${(this.#retryDelay / 1000).toFixed(1)} s`,
      );
    }
  }

  #recovered(): void {
    const outage = this.#outage;
    this.#retryAt = undefined;
    this.#retryDelay = this.#options.retryMs ?? requestLoggerDefaults.retryMs;
    if (outage === undefined) return;
    this.#outage = undefined;
    this.#options.onReport?.(`request logs: the store accepts writes again after ${((this.#now() - outage.since) / 1000).toFixed(1)} s (${outage.failures} failed writes, ${outage.droppedBodies} bodies and ${outage.droppedRows} rows dropped)`);
  }

  #counted(shed: Shed): void {
    if (shed.bodies > 0) this.#options.onBodiesDropped?.(shed.bodies);
    if (shed.rows > 0) this.#options.onDropped?.(shed.rows);
    if (this.#outage) {
      this.#outage.droppedBodies += shed.bodies;
      this.#outage.droppedRows += shed.rows;
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
