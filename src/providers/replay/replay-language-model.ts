import { TuneopsError } from "../../spec/errors.js";
import type { GenerateRequest, GenerateResult, LanguageModelCapabilities, LanguageModelV1 } from "../../spec/language-model.js";

export interface ReplayModelOptions {
  /** Dataset field of each case holding the recorded output. */
  field: string;
  /** Dataset field holding the recorded latency in ms; reported as `timing.latencyMs`. */
  latencyField?: string;
}

/**
 * Replays outputs a team already has (production logs, another tool's results) so they are scored like
 * any other candidate. Nothing is called: usage is zero, and the recorded latency, where there is one, is
 * reported as provider-measured timing.
 */
export function createReplayModel(options: ReplayModelOptions): LanguageModelV1 {
  const capabilities: LanguageModelCapabilities = {
    streaming: false,
    streamingUsage: false,
    chat: false,
    tools: false,
    jsonMode: false,
    jsonSchema: false,
    seed: false,
    logprobs: false,
    local: true,
    simulated: false,
    needsTraining: false,
  };

  return {
    specificationVersion: "v1",
    provider: "replay",
    modelId: `replay:${options.field}`,
    capabilities,
    generate: async (request) => replay(options, request),
  };
}

function replay(options: ReplayModelOptions, request: GenerateRequest): GenerateResult {
  if (request.abortSignal?.aborted) {
    throw new TuneopsError({ code: "aborted", message: "The replay call was aborted.", isRetryable: false });
  }
  const testCase = request.case;
  if (!testCase) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `A replay model reads field "${options.field}" of the case being evaluated, but the call has no case.`,
      location: { field: options.field },
      hint: "Use replay providers in evaluation suites only, not behind the gateway.",
    });
  }
  const text = recordedText(testCase.vars[options.field]);
  if (text === undefined) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `Case "${testCase.id}" has no recorded output in field "${options.field}".`,
      location: { field: options.field },
      hint: `Add "${options.field}" to every row of the dataset, or point the replay provider's \`field\` at the column that holds the recorded outputs.`,
    });
  }
  const result: GenerateResult = { text, finishReason: "stop", usage: { inputTokens: 0, outputTokens: 0, breakdown: {} } };
  if (options.latencyField !== undefined) {
    const latencyMs = recordedLatency({ value: testCase.vars[options.latencyField], field: options.latencyField, caseId: testCase.id });
    if (latencyMs !== undefined) result.timing = { latencyMs };
  }
  return result;
}

/** Strings are replayed as they are; numbers and booleans as written; objects (JSON outputs) as JSON. */
function recordedText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A missing latency is allowed (the row simply has no timing); a malformed one is the user's to fix. */
function recordedLatency(options: { value: unknown; field: string; caseId: string }): number | undefined {
  const { value } = options;
  if (value === undefined || value === null || value === "") return undefined;
  const latencyMs = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `Case "${options.caseId}" has a recorded latency of ${JSON.stringify(value)} in field "${options.field}"; expected a number of milliseconds >= 0.`,
      location: { field: options.field },
    });
  }
  return latencyMs;
}
