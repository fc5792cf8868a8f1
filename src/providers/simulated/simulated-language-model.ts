import { TuneopsError } from "../../spec/errors.js";
import type {
  CallWarning,
  FinishReason,
  GenerateRequest,
  GenerateResult,
  LanguageModelCapabilities,
  LanguageModelV1,
  StreamPart,
} from "../../spec/language-model.js";
import type { Usage } from "../../spec/usage.js";
import { deterministicUniform } from "./deterministic-random.js";
import { simulatedResponse, promptText, splitIntoPieces } from "./simulated-response.js";
import { sleepUntil, throwIfAborted } from "./sleep-until.js";

export interface SimulatedModelOptions {
  /** Model id reported (and priced, where the price table has it). */
  model: string;
  /** Total latency of a call before jitter, ms. */
  latencyMs: number;
  /** Time to first token, ms; default a tenth of the call's latency. Capped at the latency. */
  ttftMs?: number;
  /** Up to this much deterministic per-case latency is added, ms. */
  jitterMs: number;
  /** Output tokens (stream deltas) per call. */
  outputTokens: number;
  /** `echo`, `expected` or a fixed text (see `simulatedResponse`). */
  response: string;
  /** Share of calls, 0..1, that fail with a retryable 503. */
  errorRate: number;
  seed: number;
}

/** Distinct keys whose call counts are remembered; past this the counts restart (bounded memory in long load tests). */
const maxTrackedKeys = 100_000;

interface CallPlan {
  text: string;
  pieces: string[];
  finishReason: FinishReason;
  usage: Usage;
  warnings: CallWarning[];
  fails: boolean;
  /** `performance.now()` readings, ms. */
  start: number;
  ttftMs: number;
  latencyMs: number;
}

/**
 * A deterministic stand-in for a model, for load tests and demos: it really waits (time to first token,
 * then the rest of the latency), streams `outputTokens` deltas and fails at `errorRate`. Each call is
 * decided by a seeded hash of the case id (or, outside evaluations, the prompt): the same case always
 * gets the same jitter and text, and the n-th call for a case always succeeds or fails the same way,
 * so a retry of a failed call can succeed while every run stays reproducible.
 */
export function createSimulatedModel(options: SimulatedModelOptions): LanguageModelV1 {
  const callCounts = new Map<string, number>();
  const capabilities: LanguageModelCapabilities = {
    streaming: true,
    streamingUsage: true,
    chat: true,
    tools: false,
    jsonMode: false,
    jsonSchema: false,
    seed: false,
    logprobs: false,
    local: true,
    simulated: true,
    needsTraining: false,
  };

  const plan = (request: GenerateRequest): CallPlan => {
    throwIfAborted(request.abortSignal);
    const start = performance.now();
    const prompt = promptText(request.prompt);
    const key = request.case ? `case:${request.case.id}` : `prompt:${prompt}`;
    const attempt = callCounts.get(key) ?? 0;
    if (callCounts.size >= maxTrackedKeys && attempt === 0) callCounts.clear();
    callCounts.set(key, attempt + 1);

    const latencyMs = options.latencyMs + deterministicUniform([options.seed, "jitter", key]) * options.jitterMs;
    const ttftMs = Math.min(options.ttftMs ?? latencyMs / 10, latencyMs);
    const fails = deterministicUniform([options.seed, "error", key, attempt]) < options.errorRate;
    const tokens = Math.max(1, Math.min(options.outputTokens, request.maxOutputTokens ?? options.outputTokens));
    const text = simulatedResponse({ response: options.response, prompt: request.prompt, testCase: request.case });
    const pieces = splitIntoPieces(text, options.outputTokens).slice(0, tokens);
    return {
      text: pieces.join(""),
      pieces,
      finishReason: tokens < options.outputTokens ? "length" : "stop",
      usage: { inputTokens: Math.ceil(prompt.length / 4), outputTokens: tokens, breakdown: {} },
      warnings: unsupportedSettings(request),
      fails,
      start,
      ttftMs,
      latencyMs,
    };
  };

  return {
    specificationVersion: "v1",
    provider: "simulated",
    modelId: options.model,
    capabilities,
    generate: async (request): Promise<GenerateResult> => {
      const call = plan(request);
      await sleepUntil(call.start + call.ttftMs, request.abortSignal);
      if (call.fails) throw simulatedFailure(options.errorRate);
      await sleepUntil(call.start + call.latencyMs, request.abortSignal);
      const result: GenerateResult = {
        text: call.text,
        finishReason: call.finishReason,
        usage: call.usage,
        timing: { latencyMs: call.latencyMs, timeToFirstTokenMs: call.ttftMs },
      };
      if (call.warnings.length > 0) result.warnings = call.warnings;
      return result;
    },
    stream: (request) => streamCall({ plan, request, errorRate: options.errorRate }),
  };
}

async function* streamCall(options: { plan: (request: GenerateRequest) => CallPlan; request: GenerateRequest; errorRate: number }): AsyncGenerator<StreamPart> {
  const { plan, request } = options;
  const call = plan(request);
  await sleepUntil(call.start + call.ttftMs, request.abortSignal);
  // Fails before the first byte, like an upstream answering 503: callers may retry or fall back.
  if (call.fails) throw simulatedFailure(options.errorRate);
  const gaps = Math.max(1, call.pieces.length - 1);
  const spacingMs = (call.latencyMs - call.ttftMs) / gaps;
  for (const [index, piece] of call.pieces.entries()) {
    await sleepUntil(call.start + call.ttftMs + index * spacingMs, request.abortSignal);
    yield { type: "text-delta", text: piece };
  }
  await sleepUntil(call.start + call.latencyMs, request.abortSignal);
  const finish: StreamPart = { type: "finish", finishReason: call.finishReason, usage: call.usage };
  if (call.warnings.length > 0) finish.warnings = call.warnings;
  yield finish;
}

function simulatedFailure(errorRate: number): TuneopsError {
  return new TuneopsError({
    code: "provider_unavailable",
    message: `Simulated upstream failure (503; error_rate ${errorRate}).`,
    isRetryable: true,
    statusCode: 503,
  });
}

function unsupportedSettings(request: GenerateRequest): CallWarning[] {
  const warnings: CallWarning[] = [];
  if (request.tools && request.tools.length > 0) warnings.push({ setting: "tools", message: "The simulated model never calls tools." });
  if (request.responseFormat?.type === "json") warnings.push({ setting: "responseFormat", message: "The simulated model does not produce JSON on request." });
  return warnings;
}
