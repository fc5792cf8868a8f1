import { TuneopsError } from "../../spec/errors.js";

/** Errors the llama.cpp adapter raises, in one place so messages stay consistent. */

export function abortedError(cause?: unknown): TuneopsError {
  return new TuneopsError({ code: "aborted", message: "The local model call was aborted.", isRetryable: false, cause });
}

export function closedError(modelPath: string): TuneopsError {
  return new TuneopsError({
    code: "provider_unavailable",
    message: `The local model ${modelPath} was closed; create a new one to keep generating.`,
    isRetryable: false,
  });
}

export function loadFailedError(options: { modelPath: string; cause: unknown; logs: readonly string[]; outOfMemory: boolean }): TuneopsError {
  const detail = options.cause instanceof Error ? options.cause.message : String(options.cause);
  const logs = options.logs.length > 0 ? ` llama.cpp said: ${options.logs.slice(-5).join(" | ")}` : "";
  if (options.outOfMemory) {
    return new TuneopsError({
      code: "provider_unavailable",
      message: `Not enough memory to load ${options.modelPath}: ${detail}.${logs}`,
      isRetryable: false,
      location: { file: options.modelPath },
      hint: "Use a smaller contextSize or maxConcurrency, or a more strongly quantised GGUF file.",
      cause: options.cause,
    });
  }
  return new TuneopsError({
    code: "input_invalid",
    message: `llama.cpp could not load ${options.modelPath}: ${detail}.${logs}`,
    location: { file: options.modelPath },
    hint: "Check that the file is a complete GGUF model supported by node-llama-cpp 3.21 (llama.cpp of that release).",
    cause: options.cause,
  });
}

export function promptTooLongError(options: { inputTokens: number; contextSize: number }): TuneopsError {
  return new TuneopsError({
    code: "input_invalid",
    message: `The prompt is ${options.inputTokens} tokens but the local model's context holds ${options.contextSize}, leaving no room to answer.`,
    location: { field: "prompt" },
    hint: "Shorten the prompt or raise contextSize (up to the model's training context).",
  });
}

export function generationFailedError(cause: unknown): TuneopsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new TuneopsError({ code: "internal", message: `llama.cpp generation failed: ${detail}`, isRetryable: false, cause });
}
