import { TuneopsError, isTuneopsError } from "../spec/errors.js";
import type { FinishReason, GenerateRequest, LanguageModelV1, ToolCall } from "../spec/language-model.js";
import type { Usage } from "../spec/usage.js";

export interface CallOutcome {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  toolCalls?: ToolCall[];
  /** Wall-clock ms from the request to the last byte (or the provider's own figure when it has one). */
  latencyMs: number;
  /** Ms to the first text delta when streamed. */
  ttftMs: number | null;
  /** Calls made, retries included. */
  attempts: number;
  /** The model version the upstream reported (see GenerateResult.modelVersion). */
  modelVersion?: string;
}

export interface CallPolicy {
  timeoutMs: number;
  maxRetries: number;
  stream: boolean;
}

export interface CallEnvironment {
  now: () => number;
  sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Seeded jitter source in [0, 1). */
  random: () => number;
  signal: AbortSignal | undefined;
  onRetry?: (info: { attempt: number; delayMs: number; error: TuneopsError }) => void;
}

/** Backoff base and cap: exponential from 250 ms, at most 20 s unless the upstream asks for longer. */
const backoffBaseMs = 250;
const backoffCapMs = 20_000;
/** A Retry-After beyond this is not worth waiting for inside an evaluation. */
const retryAfterCapMs = 120_000;

/**
 * One model call with a timeout, retries with exponential backoff and full jitter that honour the
 * upstream's Retry-After, and timing. Throws a TuneopsError when every attempt failed.
 */
export async function callModel(model: LanguageModelV1, request: GenerateRequest, policy: CallPolicy, environment: CallEnvironment): Promise<CallOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const outcome = await callOnce(model, request, policy, environment);
      outcome.attempts = attempt;
      return outcome;
    } catch (thrown) {
      const error = asTuneopsError(thrown);
      if (environment.signal?.aborted) throw new TuneopsError({ code: "aborted", message: "the run was interrupted", cause: error });
      if (!error.isRetryable || attempt > policy.maxRetries) throw error;
      const backoff = Math.min(backoffCapMs, backoffBaseMs * 2 ** (attempt - 1)) * environment.random();
      const delayMs = error.retryAfterMs !== undefined ? Math.min(retryAfterCapMs, Math.max(error.retryAfterMs, backoff)) : backoff;
      environment.onRetry?.({ attempt, delayMs, error });
      await environment.sleep(delayMs, environment.signal);
    }
  }
}

async function callOnce(model: LanguageModelV1, base: GenerateRequest, policy: CallPolicy, environment: CallEnvironment): Promise<CallOutcome> {
  // One controller per call, aborted by the timeout or by the run's signal (AbortSignal.any keeps
  // listeners alive until garbage collection, which at thousands of calls a second shows in memory).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, policy.timeoutMs);
  const onRunAbort = (): void => controller.abort();
  environment.signal?.addEventListener("abort", onRunAbort, { once: true });
  const request: GenerateRequest = { ...base, abortSignal: controller.signal };
  const started = environment.now();
  try {
    if (policy.stream && model.stream) {
      let text = "";
      let ttftMs: number | null = null;
      const toolCalls: ToolCall[] = [];
      for await (const part of model.stream(request)) {
        if (part.type === "text-delta") {
          if (ttftMs === null && part.text.length > 0) ttftMs = environment.now() - started;
          text += part.text;
        } else if (part.type === "tool-call") toolCalls.push(part.toolCall);
        else {
          const outcome: CallOutcome = { text, finishReason: part.finishReason, usage: part.usage, latencyMs: environment.now() - started, ttftMs, attempts: 1 };
          if (toolCalls.length > 0) outcome.toolCalls = toolCalls;
          if (part.modelVersion) outcome.modelVersion = part.modelVersion;
          return outcome;
        }
      }
      throw new TuneopsError({ code: "provider_stream_interrupted", message: `${model.provider}/${model.modelId}: the stream ended without a finish`, isRetryable: true });
    }
    const result = await model.generate(request);
    const outcome: CallOutcome = {
      text: result.text,
      finishReason: result.finishReason,
      usage: result.usage,
      latencyMs: result.timing?.latencyMs ?? environment.now() - started,
      ttftMs: result.timing?.timeToFirstTokenMs ?? null,
      attempts: 1,
    };
    if (result.toolCalls) outcome.toolCalls = result.toolCalls;
    if (result.modelVersion) outcome.modelVersion = result.modelVersion;
    return outcome;
  } catch (thrown) {
    if (timedOut && !environment.signal?.aborted) {
      throw new TuneopsError({ code: "provider_timeout", message: `${model.provider}/${model.modelId}: no answer within ${policy.timeoutMs} ms`, isRetryable: true, cause: thrown });
    }
    throw thrown;
  } finally {
    clearTimeout(timer);
    environment.signal?.removeEventListener("abort", onRunAbort);
  }
}

function asTuneopsError(thrown: unknown): TuneopsError {
  if (isTuneopsError(thrown)) return thrown;
  if (thrown instanceof Error && thrown.name === "AbortError") return new TuneopsError({ code: "aborted", message: thrown.message });
  return new TuneopsError({ code: "internal", message: thrown instanceof Error ? thrown.message : String(thrown), cause: thrown });
}

/** Sleeps, waking early (and rejecting) when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TuneopsError({ code: "aborted", message: "the run was interrupted" }));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new TuneopsError({ code: "aborted", message: "the run was interrupted" }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
