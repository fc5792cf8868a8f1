import { Worker } from "node:worker_threads";
import type { ScorerConfig } from "../config/project-schema.js";
import type { ScoreInput, ScoreRecord } from "../spec/scorer.js";
import type { ScorerWorkerMessage, ScorerWorkerReply } from "./scorer-worker.js";

/**
 * Scorer types that are pure CPU work on the output and the reference (no model, no I/O) and costly
 * enough per case to be worth a worker thread: tokenising reference metrics.
 */
const offloadedTypes: ReadonlySet<ScorerConfig["type"]> = new Set(["exact-match", "f1", "bleu", "rouge1", "rouge2", "rougeL", "rougeLsum", "chrf", "levenshtein"]);

/** Inputs per message: enough to amortise the copy between threads, few enough to keep latency low. */
const batchSize = 64;

/**
 * Runs the suite's CPU-bound reference metrics in one worker thread, so tokenising and n-gram counting
 * overlap with the runner's network and store work instead of adding to it. Other scorers (judges,
 * embeddings, cheap matches) stay on the main thread. Falls back to `undefined` when no scorer qualifies
 * or the worker cannot start (running from TypeScript sources), and the runner scores inline.
 */
export class ScorerPool {
  /** Positions (in the suite's scorer list) of the scorers the worker runs. */
  readonly offloaded: readonly number[];
  private readonly worker: Worker;
  private queue: { input: ScoreInput; resolve: (records: ScoreRecord[]) => void; reject: (error: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (records: ScoreRecord[]) => void; reject: (error: Error) => void }[]>();
  private nextId = 0;
  private scheduled = false;
  private failure: Error | undefined;

  private constructor(worker: Worker, offloaded: number[]) {
    this.worker = worker;
    this.offloaded = offloaded;
    worker.on("message", (reply: ScorerWorkerReply) => this.settle(reply));
    worker.on("error", (error) => this.fail(error));
    worker.unref();
  }

  static create(options: { configs: readonly ScorerConfig[]; names: readonly string[]; baseDir: string }): ScorerPool | undefined {
    const offloaded = options.configs.flatMap((config, index) => (offloadedTypes.has(config.type) ? [index] : []));
    if (offloaded.length === 0) return undefined;
    const url = new URL("./scorer-worker.js", import.meta.url);
    if (url.pathname.endsWith(".ts") || !import.meta.url.endsWith(".js")) return undefined;
    let worker: Worker;
    try {
      worker = new Worker(url);
    } catch {
      return undefined;
    }
    const init: ScorerWorkerMessage = {
      type: "init",
      scorers: offloaded.map((index) => ({ config: options.configs[index] as ScorerConfig, name: options.names[index] as string })),
      baseDir: options.baseDir,
    };
    worker.postMessage(init);
    return new ScorerPool(worker, offloaded);
  }

  /** The records of the offloaded scorers for one input, in their suite order. */
  score(input: ScoreInput): Promise<ScoreRecord[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.queue.length >= batchSize) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const id = this.nextId++;
    this.pending.set(id, batch.map(({ resolve, reject }) => ({ resolve, reject })));
    const message: ScorerWorkerMessage = { type: "batch", id, inputs: batch.map(({ input }) => input) };
    this.worker.ref();
    this.worker.postMessage(message);
  }

  private settle(reply: ScorerWorkerReply): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (!waiting) return;
    waiting.forEach((entry, index) => {
      const records = reply.records?.[index];
      if (records) entry.resolve(records);
      else entry.reject(new Error(reply.error ?? "the scorer worker returned no records"));
    });
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const waiting of this.pending.values()) for (const entry of waiting) entry.reject(error);
    this.pending.clear();
    for (const entry of this.queue) entry.reject(error);
    this.queue = [];
  }
}
