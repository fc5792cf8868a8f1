import { basename } from "node:path";
import { InsufficientMemoryError, type ChatWrapper, type LlamaContext, type LlamaModel } from "node-llama-cpp";
import { z } from "zod";
import { TuneopsError } from "../../spec/errors.js";
import type {
  GenerateRequest,
  GenerateResult,
  LanguageModelCapabilities,
  LanguageModelV1,
  PrepareContext,
  StreamPart,
} from "../../spec/language-model.js";
import { abortedError, closedError, generationFailedError, loadFailedError } from "./llama-cpp-errors.js";
import { generateWithLlama, type LoadedLlamaModel } from "./llama-cpp-generation.js";
import { acquireLlamaRuntime } from "./llama-runtime.js";
import { PushQueue } from "./push-queue.js";
import { resolveCachedChatWrapper } from "./resolve-cached-chat-wrapper.js";
import { SlotLimiter } from "./slot-limiter.js";
import { validateGgufHeader } from "./validate-gguf-header.js";

const optionsSchema = z.object({
  /** Path of the .gguf file. */
  modelPath: z.string().min(1),
  /** Identifier for display, logs and pricing; defaults to the file name without `.gguf`. */
  modelId: z.string().min(1).optional(),
  /** Tokens each concurrent sequence can see (prompt + answer); default up to 4096, capped by the model. */
  contextSize: z.int().min(16).optional(),
  /** CPU threads; default 1 (more threads than cores makes generation collapse to a few tokens/s). */
  threads: z.int().min(1).max(1024).optional(),
  /** Offload layers to a GPU when a GPU build of llama.cpp loads; default false. */
  gpu: z.boolean().optional(),
  /** Generations running at once, each in its own context sequence; default 1. */
  maxConcurrency: z.int().min(1).max(256).optional(),
});

export type LlamaCppModelOptions = z.input<typeof optionsSchema>;

const defaultContextSize = 4096;

export const llamaCppCapabilities: Readonly<LanguageModelCapabilities> = Object.freeze({
  streaming: true,
  streamingUsage: true,
  chat: true,
  tools: false,
  jsonMode: true,
  jsonSchema: true,
  seed: true,
  logprobs: false,
  local: true,
  simulated: false,
  needsTraining: false,
});

/**
 * An in-process local model: a GGUF file run by llama.cpp through node-llama-cpp. Nothing leaves the
 * machine. The file is validated and loaded on `prepare()` or the first call; `close()` frees it.
 */
export function createLlamaCppModel(options: LlamaCppModelOptions): LanguageModelV1 {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    throw new TuneopsError({
      code: "config_invalid",
      message: `Invalid llama.cpp model options${field ? ` at ${field}` : ""}: ${issue?.message ?? "unknown problem"}`,
      location: { field: field ? `llamaCpp.${field}` : "llamaCpp" },
      hint: "modelPath is required; contextSize, threads and maxConcurrency are positive integers.",
    });
  }
  return new LlamaCppLanguageModel(parsed.data);
}

type ResolvedOptions = z.output<typeof optionsSchema>;

class LlamaCppLanguageModel implements LanguageModelV1 {
  readonly specificationVersion = "v1";
  readonly provider = "llama-cpp";
  readonly modelId: string;
  readonly capabilities = llamaCppCapabilities;

  private readonly options: ResolvedOptions;
  private loading: Promise<LoadedLlamaModel> | undefined;
  private closing: Promise<void> | undefined;
  /** Aborts every call in flight when the model closes. */
  private readonly closeController = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.modelId = options.modelId ?? basename(options.modelPath).replace(/\.gguf$/i, "");
  }

  async prepare(context?: PrepareContext): Promise<void> {
    if (context?.signal?.aborted) throw abortedError(context.signal.reason);
    await this.load();
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.track(this.run(request));
  }

  async *stream(request: GenerateRequest): AsyncIterable<StreamPart> {
    const queue = new PushQueue<StreamPart>();
    // Stopping iteration early (break, return) cancels the generation instead of letting it run on.
    const cancel = new AbortController();
    const running = this.track(
      this.run(request, { onText: (text) => queue.push({ type: "text-delta", text }), cancelSignal: cancel.signal }),
    ).then(
      (result) => {
        const finish: StreamPart = { type: "finish", finishReason: result.finishReason, usage: result.usage };
        if (result.warnings) finish.warnings = result.warnings;
        queue.push(finish);
        queue.end();
      },
      (error: unknown) => queue.fail(error),
    );
    try {
      yield* queue;
    } finally {
      cancel.abort();
      await running;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const forget = (): void => {
      this.inFlight.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  private async run(request: GenerateRequest, options: { onText?: (text: string) => void; cancelSignal?: AbortSignal } = {}): Promise<GenerateResult> {
    if (this.closing) throw closedError(this.options.modelPath);
    const signals = [this.closeController.signal, request.abortSignal, options.cancelSignal].filter((signal) => signal !== undefined);
    const signal = AbortSignal.any(signals);
    if (signal.aborted) throw abortedError(signal.reason);
    const loaded = await this.load();
    if (signal.aborted) throw abortedError(signal.reason);
    const release = await loaded.slots.acquire(signal).catch((cause: unknown) => {
      throw abortedError(cause);
    });
    try {
      return await generateWithLlama({ loaded, request, signal, onText: options.onText });
    } catch (error) {
      if (signal.aborted) throw abortedError(error);
      if (error instanceof TuneopsError) throw error;
      throw generationFailedError(error);
    } finally {
      release();
    }
  }

  private load(): Promise<LoadedLlamaModel> {
    if (this.closing) return Promise.reject(closedError(this.options.modelPath));
    this.loading ??= this.loadOnce().catch((error: unknown) => {
      // Not cached: a file fixed or a binary installed after a failure loads on the next call.
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<LoadedLlamaModel> {
    const { modelPath } = this.options;
    const header = await validateGgufHeader(modelPath);
    const lease = await acquireLlamaRuntime({ gpu: this.options.gpu ?? false, threads: this.options.threads ?? 1 });
    let model: LlamaModel | undefined;
    try {
      model = await lease.llama.loadModel({ modelPath, gpuLayers: this.options.gpu ? "auto" : 0 }).catch((cause: unknown) => {
        throw loadFailedError({ modelPath, cause, logs: lease.recentLogs(), outOfMemory: cause instanceof InsufficientMemoryError });
      });
      const sequences = this.options.maxConcurrency ?? 1;
      const contextSize = this.options.contextSize ?? Math.min(defaultContextSize, header.trainContextLength);
      const context: LlamaContext = await model
        .createContext({ contextSize, sequences, threads: this.options.threads ?? 1 })
        .catch((cause: unknown) => {
          throw loadFailedError({ modelPath, cause, logs: lease.recentLogs(), outOfMemory: true });
        });
      const chatWrapper: ChatWrapper = await resolveCachedChatWrapper(model, modelPath);
      return { lease, model, context, chatWrapper, slots: new SlotLimiter(sequences), freeSequences: [], grammars: new Map() };
    } catch (error) {
      await model?.dispose();
      await lease.release();
      throw error;
    }
  }

  private async shutdown(): Promise<void> {
    this.closeController.abort(closedError(this.options.modelPath));
    const loaded = await this.loading?.catch(() => undefined);
    if (!loaded) return;
    loaded.slots.rejectWaiting(closedError(this.options.modelPath));
    await Promise.allSettled([...this.inFlight]);
    await loaded.context.dispose();
    await loaded.model.dispose();
    await loaded.lease.release();
  }
}
