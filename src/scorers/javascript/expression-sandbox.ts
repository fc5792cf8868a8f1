import { Worker } from "node:worker_threads";
import { expressionWorkerSource } from "./expression-worker-source.js";

/** What the thread answered for one case: plain data, never an object of the expression's. */
export type ExpressionAnswer =
  | { kind: "value"; value: number | boolean }
  | { kind: "other"; type: string }
  | { kind: "threw"; message: string }
  | { kind: "timeout" }
  | { kind: "stopped"; reason: string };

export interface ExpressionSandboxOptions {
  expression: string;
  /** Names the script in stack traces. */
  filename: string;
  /** Longest one case may run inside the thread, ms (node:vm's timeout, promise jobs included). */
  timeoutMs: number;
  /**
   * How much longer than `timeoutMs` the host waits for an answer before it terminates the thread, ms:
   * the backstop for what node:vm's timeout cannot end (a thrown object whose getters loop while the
   * answer is built). Default 250.
   */
  graceMs?: number;
}

type Pending = { id: number; worker: Worker; resolve: (answer: ExpressionAnswer) => void };

/**
 * Evaluates one expression per case on a worker thread that the host can terminate. Cases run one at a
 * time (each waits for the one before), so a case's time limit starts when the thread gets it. A thread
 * that overran is terminated and the next case starts a new one. The thread is unreferenced: it never
 * keeps the process alive, and it dies with it (SIGTERM included).
 */
export class ExpressionSandbox {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;

  constructor(private readonly options: ExpressionSandboxOptions) {}

  /** Runs the expression on one case; never rejects. */
  evaluate(output: string, caseJson: string): Promise<ExpressionAnswer> {
    const run = this.queue.then(() => this.evaluateNow(output, caseJson));
    this.queue = run;
    return run;
  }

  /** Terminates the thread (a later `evaluate` starts a new one). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await worker.terminate();
  }

  private start(): Promise<void> {
    const worker = new Worker(expressionWorkerSource, {
      eval: true,
      workerData: { expression: this.options.expression, filename: this.options.filename, timeoutMs: this.options.timeoutMs },
      // An expression that allocates without end fails its case instead of the run.
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    this.worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (message: { kind: string; id?: number }) => {
        if (message.kind === "ready") {
          worker.unref();
          resolve();
          return;
        }
        const pending = this.pending;
        if (pending === undefined || pending.worker !== worker || message.id !== pending.id) return;
        this.pending = undefined;
        pending.resolve(message as ExpressionAnswer);
      });
      const fail = (reason: string): void => {
        if (this.worker === worker) {
          this.worker = undefined;
          this.ready = undefined;
        }
        reject(new Error(reason));
        const pending = this.pending;
        if (pending?.worker !== worker) return;
        this.pending = undefined;
        pending.resolve({ kind: "stopped", reason });
      };
      worker.on("error", (error) => fail(error.message));
      worker.on("exit", (code) => fail(`the expression's thread exited (code ${code})`));
    });
    // A failure before the first case is reported by that case.
    ready.catch(() => undefined);
    this.ready = ready;
    return ready;
  }

  private async evaluateNow(output: string, caseJson: string): Promise<ExpressionAnswer> {
    try {
      await (this.ready ?? this.start());
    } catch (error) {
      return { kind: "stopped", reason: error instanceof Error ? error.message : String(error) };
    }
    const worker = this.worker;
    if (worker === undefined) return { kind: "stopped", reason: "the expression's thread is gone" };
    const id = this.nextId++;
    const limit = this.options.timeoutMs + (this.options.graceMs ?? 250);
    // Referenced only while a case is in flight: an idle thread never keeps the process alive.
    worker.ref();
    return new Promise<ExpressionAnswer>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        // Ends whatever the expression is doing, loops in getters included.
        if (this.worker === worker) {
          this.worker = undefined;
          this.ready = undefined;
        }
        void worker.terminate();
        resolve({ kind: "timeout" });
      }, limit);
      this.pending = {
        id,
        worker,
        resolve: (answer) => {
          clearTimeout(timer);
          worker.unref();
          resolve(answer);
        },
      };
      worker.postMessage({ id, output, case: caseJson });
    });
  }
}
