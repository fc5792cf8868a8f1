import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import { TuneopsError } from "../../spec/errors.js";

/**
 * One node-llama-cpp `Llama` (the native backend) per backend configuration, shared by every model that
 * uses it and disposed when the last one lets go. Starting a backend costs about a second (the binary is
 * test-loaded), so an evaluation that opens one model per candidate pays it once.
 */
export interface LlamaRuntimeOptions {
  /** Use a GPU build when one loads; otherwise the CPU build. */
  gpu: boolean;
  /** Upper bound on native threads; keep it at or below the machine's cores. */
  threads: number;
}

export interface LlamaRuntimeLease {
  readonly llama: Llama;
  /** The last llama.cpp log lines (warnings and errors), to explain a failed load. */
  recentLogs(): string[];
  /** Gives the backend back; the last release disposes it. Safe to call more than once. */
  release(): Promise<void>;
}

interface SharedRuntime {
  llama: Promise<Llama>;
  logs: string[];
  users: number;
}

const maxLogLines = 20;
const runtimes = new Map<string, SharedRuntime>();

function keyOf(options: LlamaRuntimeOptions): string {
  return `${options.gpu ? "gpu" : "cpu"}:${options.threads}`;
}

function unavailable(cause: unknown): TuneopsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new TuneopsError({
    code: "provider_unavailable",
    message: `node-llama-cpp could not load its native llama.cpp binary: ${detail}`,
    isRetryable: false,
    hint: `Install the prebuilt binary for this platform (${process.platform}-${process.arch}), e.g. @node-llama-cpp/linux-x64 matching node-llama-cpp's version; tuneops never compiles llama.cpp itself.`,
    cause,
  });
}

function startRuntime(options: LlamaRuntimeOptions): SharedRuntime {
  const logs: string[] = [];
  const llama = getLlama({
    gpu: options.gpu ? "auto" : false,
    // "auto" would silently compile llama.cpp for many minutes when no prebuilt binary fits.
    build: "never",
    maxThreads: options.threads,
    progressLogs: false,
    logLevel: LlamaLogLevel.warn,
    // Library code never writes to the terminal: keep the lines for error messages instead.
    logger: (level, message) => {
      if (level !== LlamaLogLevel.error && level !== LlamaLogLevel.fatal && level !== LlamaLogLevel.warn) return;
      logs.push(message.trimEnd());
      if (logs.length > maxLogLines) logs.shift();
    },
  }).catch((cause: unknown) => {
    throw unavailable(cause);
  });
  return { llama, logs, users: 0 };
}

export async function acquireLlamaRuntime(options: LlamaRuntimeOptions): Promise<LlamaRuntimeLease> {
  const key = keyOf(options);
  let shared = runtimes.get(key);
  if (!shared) {
    shared = startRuntime(options);
    runtimes.set(key, shared);
  }
  shared.users += 1;
  const current = shared;
  let llama: Llama;
  try {
    llama = await current.llama;
  } catch (error) {
    current.users -= 1;
    // A failed start is not cached: the next model tries again (the binary may have been installed).
    if (runtimes.get(key) === current) runtimes.delete(key);
    throw error;
  }
  let released = false;
  return {
    llama,
    recentLogs: () => [...current.logs],
    release: async () => {
      if (released) return;
      released = true;
      current.users -= 1;
      if (current.users > 0) return;
      if (runtimes.get(key) === current) runtimes.delete(key);
      await llama.dispose();
    },
  };
}
