import { basename } from "node:path";
import { z } from "zod";
import { isTuneopsError, TuneopsError } from "../../spec/errors.js";
import type { GenerateRequest, GenerateResult, LanguageModelCapabilities, LanguageModelV1, Prompt } from "../../spec/language-model.js";
import { loadScriptFunction, resolveScriptPath, type ModuleImporter } from "./load-script-function.js";
import type { ScriptFunction, ScriptInput } from "./script-function.js";

export interface ScriptModelOptions {
  /** The module: .js, .mjs, .cjs, or .ts (see `loadScriptFunction`); relative paths resolve against `baseDir`. */
  path: string;
  /** Name of the exported function (`default` for a default export). */
  exportName: string;
  /** Directory relative paths resolve against (the folder of tuneops.yaml); default: the working directory. */
  baseDir?: string;
  /** Stands in for Node's loader (tests). */
  importModule?: ModuleImporter;
}

const tokenCount = z.number().int().min(0);
const scriptOutputSchema = z.union([
  z.string(),
  z.object({ output: z.string(), usage: z.object({ inputTokens: tokenCount.optional(), outputTokens: tokenCount.optional() }).optional() }),
]);

/**
 * A user's own function as a candidate: a rules engine, an existing service client, a pipeline.
 *
 * Errors: loading problems are `input_invalid` (the user's to fix). A function that throws a
 * `TuneopsError` has it passed through unchanged (so it can mark its own failures retryable); any other
 * throw becomes a non-retryable `provider_bad_response`, since repeating deterministic code rarely helps.
 * A return value that is neither a string nor `{ output, usage? }` is a non-retryable `provider_bad_response`.
 */
export function createScriptModel(options: ScriptModelOptions): LanguageModelV1 {
  const path = resolveScriptPath({ path: options.path, baseDir: options.baseDir });
  const label = `${path} (export "${options.exportName}")`;
  // Loaded once, lazily; a failed load stays failed, so every call reports the same clear error.
  let loading: Promise<ScriptFunction> | undefined;
  const load = (): Promise<ScriptFunction> => {
    const importer = options.importModule;
    loading ??= loadScriptFunction({ path, exportName: options.exportName, importModule: importer, importTypeScript: importer });
    return loading;
  };

  const capabilities: LanguageModelCapabilities = {
    streaming: false,
    streamingUsage: false,
    chat: true,
    tools: false,
    jsonMode: false,
    jsonSchema: false,
    seed: false,
    logprobs: false,
    // The function may call anything; tuneops cannot vouch that the data stays on this machine.
    local: false,
    simulated: false,
    needsTraining: false,
  };

  return {
    specificationVersion: "v1",
    provider: "script",
    modelId: `script:${basename(path)}#${options.exportName}`,
    capabilities,
    prepare: async () => {
      await load();
    },
    generate: async (request) => {
      throwIfAborted(request.abortSignal);
      const run = await load();
      throwIfAborted(request.abortSignal);
      return callScript({ run, request, path, label });
    },
  };
}

async function callScript(options: { run: ScriptFunction; request: GenerateRequest; path: string; label: string }): Promise<GenerateResult> {
  const { run, request, path, label } = options;
  const input: ScriptInput = { prompt: promptText(request.prompt), vars: request.case?.vars ?? {}, caseId: request.case?.id ?? "" };
  if (request.prompt.kind === "chat") input.messages = request.prompt.messages;
  if (request.abortSignal) input.signal = request.abortSignal;

  let returned: unknown;
  try {
    returned = await raceAbort(Promise.resolve().then(() => run(input)), request.abortSignal);
  } catch (thrown) {
    if (isTuneopsError(thrown)) throw thrown;
    throw new TuneopsError({
      code: "provider_bad_response",
      message: `Script ${label} threw: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      isRetryable: false,
      location: { file: path, field: "export" },
      cause: thrown,
    });
  }

  const parsed = scriptOutputSchema.safeParse(returned);
  if (!parsed.success) {
    throw new TuneopsError({
      code: "provider_bad_response",
      message: `Script ${label} returned ${describe(returned)}; expected a string or { output: string, usage?: { inputTokens?, outputTokens? } }.`,
      isRetryable: false,
      location: { file: path, field: "export" },
    });
  }
  const value = parsed.data;
  if (typeof value === "string") return { text: value, finishReason: "stop", usage: { inputTokens: 0, outputTokens: 0, breakdown: {} } };
  return {
    text: value.output,
    finishReason: "stop",
    usage: { inputTokens: value.usage?.inputTokens ?? 0, outputTokens: value.usage?.outputTokens ?? 0, breakdown: {} },
  };
}

function promptText(prompt: Prompt): string {
  return prompt.kind === "text" ? prompt.text : prompt.messages.map((message) => message.content).join("\n\n");
}

function abortedError(): TuneopsError {
  return new TuneopsError({ code: "aborted", message: "The script call was aborted.", isRetryable: false });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError();
}

/** The user's function may ignore the signal; the call still ends when it fires. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolvePromise, rejectPromise) => {
    const onAbort = (): void => rejectPromise(abortedError());
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        rejectPromise(error);
      },
    );
  });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? `an object with keys ${Object.keys(value).join(", ") || "(none)"}` : `a ${typeof value}`;
}
