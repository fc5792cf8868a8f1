import { basename } from "node:path";
import { InsufficientMemoryError, type LlamaEmbeddingContext, type LlamaModel } from "node-llama-cpp";
import { z } from "zod";
import { TuneopsError } from "../../spec/errors.js";
import type { EmbeddingModelV1 } from "../../spec/language-model.js";
import type { Usage } from "../../spec/usage.js";
import { abortedError, closedError, generationFailedError, loadFailedError } from "./llama-cpp-errors.js";
import { acquireLlamaRuntime, type LlamaRuntimeLease } from "./llama-runtime.js";
import { SlotLimiter } from "./slot-limiter.js";
import { validateGgufHeader } from "./validate-gguf-header.js";

const optionsSchema = z.object({
  /** Path of the .gguf file (an embedding model such as nomic-embed-text or bge, or any LLM). */
  modelPath: z.string().min(1),
  /** Identifier for display and logs; defaults to the file name without `.gguf`. */
  modelId: z.string().min(1).optional(),
  /** Tokens one text may have; default up to 2048, capped by the model's training context. */
  contextSize: z.int().min(16).optional(),
  /** CPU threads; default 1 (more threads than cores slows llama.cpp down). */
  threads: z.int().min(1).max(1024).optional(),
  /** Offload layers to a GPU when a GPU build of llama.cpp loads; default false. */
  gpu: z.boolean().optional(),
});

export type LlamaCppEmbeddingModelOptions = z.input<typeof optionsSchema>;
type ResolvedOptions = z.output<typeof optionsSchema>;

const defaultContextSize = 2048;

interface LoadedEmbedder {
  lease: LlamaRuntimeLease;
  model: LlamaModel;
  context: LlamaEmbeddingContext;
  contextSize: number;
}

/**
 * Embeddings from a local GGUF model, in process, through node-llama-cpp's embedding context. Nothing
 * leaves the machine. The file is validated and loaded on the first call (sharing the llama.cpp
 * backend with the chat models); texts are embedded one at a time, as the context has one sequence.
 * Vectors have the model's embedding width, as llama.cpp pools them (unnormalised); usage counts the
 * tokens of each text.
 */
export function createLlamaCppEmbeddingModel(options: LlamaCppEmbeddingModelOptions): EmbeddingModelV1 {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    throw new TuneopsError({
      code: "config_invalid",
      message: `Invalid llama.cpp embedding model options${field ? ` at ${field}` : ""}: ${issue?.message ?? "unknown problem"}`,
      location: { field: field ? `llamaCpp.${field}` : "llamaCpp" },
      hint: "modelPath is required; contextSize and threads are positive integers.",
    });
  }
  return new LlamaCppEmbeddingModel(parsed.data);
}

class LlamaCppEmbeddingModel implements EmbeddingModelV1 {
  readonly specificationVersion = "v1";
  readonly provider = "llama-cpp";
  readonly modelId: string;

  private readonly options: ResolvedOptions;
  private loading: Promise<LoadedEmbedder> | undefined;
  private closing: Promise<void> | undefined;
  private readonly closeController = new AbortController();
  /** The embedding context evaluates one text at a time. */
  private readonly turn = new SlotLimiter(1);
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.modelId = options.modelId ?? basename(options.modelPath).replace(/\.gguf$/i, "");
  }

  embed(request: { values: string[]; abortSignal?: AbortSignal }): Promise<{ embeddings: number[][]; usage: Usage }> {
    const running = this.run(request);
    this.inFlight.add(running);
    const forget = (): void => {
      this.inFlight.delete(running);
    };
    running.then(forget, forget);
    return running;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async run(request: { values: string[]; abortSignal?: AbortSignal }): Promise<{ embeddings: number[][]; usage: Usage }> {
    if (this.closing) throw closedError(this.options.modelPath);
    const signal = request.abortSignal ? AbortSignal.any([this.closeController.signal, request.abortSignal]) : this.closeController.signal;
    if (signal.aborted) throw abortedError(signal.reason);
    if (request.values.length === 0) return { embeddings: [], usage: { inputTokens: 0, outputTokens: 0, breakdown: {} } };
    const loaded = await this.load();
    const embeddings: number[][] = [];
    let inputTokens = 0;
    for (const text of request.values) {
      const release = await this.turn.acquire(signal).catch((cause: unknown) => {
        throw abortedError(cause);
      });
      try {
        if (signal.aborted) throw abortedError(signal.reason);
        const tokens = loaded.context.calculateInputLength(text);
        // node-llama-cpp needs one free position after the text (it evaluates up to one token past it).
        if (tokens >= loaded.contextSize) {
          throw new TuneopsError({
            code: "input_invalid",
            message: `A text to embed is ${tokens} tokens but the local embedding model's context holds ${loaded.contextSize}.`,
            hint: "Shorten the text or raise the provider's context_size (up to the model's training context).",
          });
        }
        const embedding = await loaded.context.getEmbeddingFor(text);
        // A text with no tokens (the empty string) has no embedding: a zero vector of the model's width
        // keeps every vector the same length (its cosine with anything is 0).
        embeddings.push(embedding.vector.length === 0 ? new Array<number>(loaded.model.embeddingVectorSize).fill(0) : [...embedding.vector]);
        inputTokens += tokens;
      } catch (error) {
        if (error instanceof TuneopsError) throw error;
        if (signal.aborted) throw abortedError(error);
        throw generationFailedError(error);
      } finally {
        release();
      }
    }
    return { embeddings, usage: { inputTokens, outputTokens: 0, breakdown: {} } };
  }

  private load(): Promise<LoadedEmbedder> {
    if (this.closing) return Promise.reject(closedError(this.options.modelPath));
    this.loading ??= this.loadOnce().catch((error: unknown) => {
      // Not cached: a file fixed or a binary installed after a failure loads on the next call.
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<LoadedEmbedder> {
    const { modelPath } = this.options;
    const header = await validateGgufHeader(modelPath);
    const threads = this.options.threads ?? 1;
    const lease = await acquireLlamaRuntime({ gpu: this.options.gpu ?? false, threads });
    let model: LlamaModel | undefined;
    try {
      model = await lease.llama.loadModel({ modelPath, gpuLayers: this.options.gpu ? "auto" : 0 }).catch((cause: unknown) => {
        throw loadFailedError({ modelPath, cause, logs: lease.recentLogs(), outOfMemory: cause instanceof InsufficientMemoryError });
      });
      const contextSize = this.options.contextSize ?? Math.min(defaultContextSize, header.trainContextLength);
      const context = await model.createEmbeddingContext({ contextSize, batchSize: contextSize, threads }).catch((cause: unknown) => {
        throw loadFailedError({ modelPath, cause, logs: lease.recentLogs(), outOfMemory: cause instanceof InsufficientMemoryError });
      });
      return { lease, model, context, contextSize };
    } catch (error) {
      await model?.dispose();
      await lease.release();
      throw error;
    }
  }

  private async shutdown(): Promise<void> {
    this.closeController.abort(closedError(this.options.modelPath));
    this.turn.rejectWaiting(closedError(this.options.modelPath));
    const loaded = await this.loading?.catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
    await loaded.lease.release();
  }
}
