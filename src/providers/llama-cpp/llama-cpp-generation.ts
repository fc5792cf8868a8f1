import { LlamaChat, LlamaCompletion, type ChatWrapper, type GbnfJsonSchema, type LlamaContext, type LlamaContextSequence, type LlamaGrammar, type LlamaModel } from "node-llama-cpp";
import { TuneopsError } from "../../spec/errors.js";
import type { CallWarning, FinishReason, GenerateRequest, GenerateResult, ResponseFormat } from "../../spec/language-model.js";
import { ignoredSchemaKeywords } from "./ignored-schema-keywords.js";
import { abortedError, promptTooLongError } from "./llama-cpp-errors.js";
import type { LlamaRuntimeLease } from "./llama-runtime.js";
import type { SlotLimiter } from "./slot-limiter.js";
import { toChatHistory } from "./to-chat-history.js";

/** Everything a loaded model holds; disposed together by the model's `close()`. */
export interface LoadedLlamaModel {
  lease: LlamaRuntimeLease;
  model: LlamaModel;
  context: LlamaContext;
  chatWrapper: ChatWrapper;
  /** One slot per context sequence; a caller holding a slot may take a sequence. */
  slots: SlotLimiter;
  /** Sequences not in use (at most one per slot). */
  freeSequences: LlamaContextSequence[];
  /** Compiled grammars by schema text (bounded: see `maxCachedGrammars`). */
  grammars: Map<string, Promise<CachedGrammar>>;
}

/** Schemas per model are few (one per task); the bound only guards against a caller that varies them. */
const maxCachedGrammars = 32;

/** Provider options this adapter understands; anything else is reported in a warning. */
const samplingOptionNames = ["topK", "minP"] as const;

/** A compiled grammar, with the warning to repeat on every call when the schema had to be loosened. */
export interface CachedGrammar {
  grammar: LlamaGrammar;
  warning?: CallWarning;
}

async function compileGrammar(loaded: LoadedLlamaModel, schema: Record<string, unknown> | undefined): Promise<CachedGrammar> {
  const llama = loaded.lease.llama;
  if (!schema) return { grammar: await llama.getGrammarFor("json") };
  try {
    // GbnfJsonSchema is a structural subset of JSON Schema; the converter ignores keywords it lacks.
    const grammar = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema as unknown as GbnfJsonSchema);
    const ignored = ignoredSchemaKeywords(schema);
    if (ignored.length === 0) return { grammar };
    return {
      grammar,
      warning: { setting: "responseFormat.schema", message: `the llama.cpp grammar does not enforce ${ignored.join(", ")}; the output may break those constraints` },
    };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      grammar: await llama.getGrammarFor("json"),
      warning: { setting: "responseFormat.schema", message: `the schema could not be turned into a llama.cpp grammar (${reason}); constrained to any JSON instead` },
    };
  }
}

async function grammarFor(loaded: LoadedLlamaModel, format: ResponseFormat | undefined, warnings: CallWarning[]): Promise<LlamaGrammar | undefined> {
  if (format?.type !== "json") return undefined;
  const key = format.schema ? JSON.stringify(format.schema) : "";
  let compiled = loaded.grammars.get(key);
  if (!compiled) {
    if (loaded.grammars.size >= maxCachedGrammars) {
      const oldest = loaded.grammars.keys().next();
      if (!oldest.done) loaded.grammars.delete(oldest.value);
    }
    compiled = compileGrammar(loaded, format.schema);
    loaded.grammars.set(key, compiled);
  }
  const { grammar, warning } = await compiled;
  if (warning) warnings.push(warning);
  return grammar;
}

function samplingOptions(request: GenerateRequest, warnings: CallWarning[]): { topK?: number; minP?: number } {
  const sampling: { topK?: number; minP?: number } = {};
  for (const [name, value] of Object.entries(request.providerOptions ?? {})) {
    const known = samplingOptionNames.find((option) => option === name);
    if (known && typeof value === "number") sampling[known] = value;
    else warnings.push({ setting: `providerOptions.${name}`, message: `not supported by the llama.cpp adapter (supported: ${samplingOptionNames.join(", ")}); ignored` });
  }
  return sampling;
}

function countCompletionInput(model: LlamaModel, text: string): number {
  // Mirrors LlamaCompletion: a beginning-of-sequence token is prepended when the model asks for one.
  const prependsBos = model.tokens.shouldPrependBosToken && model.tokens.bos !== null;
  return model.tokenize(text, false, prependsBos ? "trimLeadingSpace" : undefined).length + (prependsBos ? 1 : 0);
}

export interface GenerateWithLlamaOptions {
  loaded: LoadedLlamaModel;
  request: GenerateRequest;
  signal: AbortSignal;
  /** Receives each piece of text as it is generated (streaming). */
  onText?: ((text: string) => void) | undefined;
}

/**
 * One generation in its own context sequence (taken here, cleared, given back after). Usage is counted with the
 * model's tokenizer: input = the prompt as rendered by the chat template, output = sampled tokens.
 * Timings cover the work in llama.cpp, not the wait for a free sequence.
 */
export async function generateWithLlama(options: GenerateWithLlamaOptions): Promise<GenerateResult> {
  const { loaded, request, signal } = options;
  const started = performance.now();
  const { model, context } = loaded;
  const maxOutputTokens = request.maxOutputTokens;
  if (maxOutputTokens !== undefined && (!Number.isInteger(maxOutputTokens) || maxOutputTokens < 1)) {
    throw new TuneopsError({ code: "input_invalid", message: `maxOutputTokens must be a positive integer, got ${maxOutputTokens}`, location: { field: "maxOutputTokens" } });
  }
  const warnings: CallWarning[] = [];
  if (request.tools && request.tools.length > 0) warnings.push({ setting: "tools", message: "the llama.cpp adapter does not call tools; the tool definitions were ignored" });
  const sampling = samplingOptions(request, warnings);
  const grammar = await grammarFor(loaded, request.responseFormat, warnings);

  const chat = request.prompt.kind === "chat" ? toChatHistory(request.prompt.messages) : undefined;
  if (chat) warnings.push(...chat.warnings);
  const inputTokens = chat
    ? loaded.chatWrapper.generateContextState({ chatHistory: chat.history }).contextText.tokenize(model.tokenizer).length
    : countCompletionInput(model, request.prompt.kind === "text" ? request.prompt.text : "");
  const room = context.contextSize - inputTokens;
  if (room < 1) throw promptTooLongError({ inputTokens, contextSize: context.contextSize });
  // Never let llama.cpp shift the context mid-answer: that silently drops the start of the prompt.
  const maxTokens = Math.min(maxOutputTokens ?? room, room);
  if (maxOutputTokens !== undefined && maxOutputTokens > room) {
    warnings.push({ setting: "maxOutputTokens", message: `lowered from ${maxOutputTokens} to ${room}, the room left in the ${context.contextSize}-token context` });
  }

  let firstTextAt: number | undefined;
  const onTextChunk = (text: string): void => {
    if (text.length === 0) return;
    firstTextAt ??= performance.now();
    options.onText?.(text);
  };
  const generation = {
    onTextChunk,
    signal,
    stopOnAbortSignal: false,
    maxTokens,
    // Greedy unless asked otherwise, and no hidden repeat penalty: what was asked is what runs.
    temperature: request.temperature ?? 0,
    topP: request.topP,
    seed: request.seed,
    repeatPenalty: false as const,
    customStopTriggers: request.stop,
    grammar,
    ...sampling,
  };

  // Sequences are reused (taking a fresh one right after disposing another can find none free yet).
  const sequence = loaded.freeSequences.pop() ?? context.getSequence();
  await sequence.clearHistory();
  const outputTokensBefore = sequence.tokenMeter.usedOutputTokens;
  let outcome: { text: string; stopReason: string };
  let outputTokens: number;
  try {
    if (chat) {
      const session = new LlamaChat({ contextSequence: sequence, chatWrapper: loaded.chatWrapper });
      try {
        const response = await session.generateResponse(chat.history, generation);
        outcome = { text: response.response, stopReason: response.metadata.stopReason };
      } finally {
        session.dispose({ disposeSequence: false });
      }
    } else {
      const completion = new LlamaCompletion({ contextSequence: sequence });
      try {
        const response = await completion.generateCompletionWithMeta(request.prompt.kind === "text" ? request.prompt.text : "", generation);
        outcome = { text: response.response, stopReason: response.metadata.stopReason };
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    }
    outputTokens = sequence.tokenMeter.usedOutputTokens - outputTokensBefore;
  } finally {
    if (!sequence.disposed) loaded.freeSequences.push(sequence);
  }
  const { text, stopReason } = outcome;
  if (stopReason === "abort") throw abortedError(signal.reason);
  const finishReason: FinishReason = stopReason === "maxTokens" ? "length" : "stop";
  const ended = performance.now();
  const result: GenerateResult = {
    text,
    finishReason,
    usage: { inputTokens, outputTokens, breakdown: {} },
    timing: { latencyMs: ended - started, timeToFirstTokenMs: (firstTextAt ?? ended) - started },
  };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}
