import { TuneopsError } from "../../spec/errors.js";
import type {
  CallWarning,
  GenerateRequest,
  GenerateResult,
  LanguageModelCapabilities,
  LanguageModelV1,
  PrepareContext,
  Prompt,
} from "../../spec/language-model.js";
import { emptyUsage } from "../../spec/usage.js";
import { readTrainingExamples, type TrainingExamples } from "./training-rows.js";

const capabilities: LanguageModelCapabilities = Object.freeze({
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
  needsTraining: true,
});

/**
 * What every classical baseline shares: it learns from the training split in `prepare`, reads the case's
 * input field (or the prompt's last user text), answers locally and consumes no tokens. Sampling and
 * format settings mean nothing to it and are reported as warnings.
 */
export abstract class BaselineModel implements LanguageModelV1 {
  readonly specificationVersion = "v1";
  readonly provider = "baseline";
  abstract readonly modelId: string;
  readonly capabilities = capabilities;
  private inputField: string | undefined;

  async prepare(context: PrepareContext): Promise<void> {
    const examples = await readTrainingExamples(context);
    if (examples.inputs.length === 0) {
      throw new TuneopsError({
        code: "dataset_invalid",
        message: `The ${this.modelId} baseline needs training rows, and the training split is empty.`,
        location: { field: "dataset.train" },
        hint: "Set dataset.train to a file of labelled examples (same format as dataset.path).",
      });
    }
    await this.fit(examples, context.signal);
    this.inputField = context.inputField;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (request.abortSignal?.aborted) {
      throw new TuneopsError({ code: "aborted", message: "The call was aborted before it started.", cause: request.abortSignal.reason });
    }
    if (this.inputField === undefined) {
      throw new TuneopsError({ code: "internal", message: `The ${this.modelId} baseline was used before prepare() trained it.`, hint: "Call prepare() with the training split first." });
    }
    const started = performance.now();
    const text = this.respond(requestInput({ request, inputField: this.inputField }));
    const warnings = ignoredSettings(request);
    return {
      text,
      finishReason: "stop",
      usage: emptyUsage,
      ...(warnings.length > 0 ? { warnings } : {}),
      timing: { latencyMs: performance.now() - started },
    };
  }

  async close(): Promise<void> {
    this.inputField = undefined;
    this.release();
  }

  /** Learns from the examples; throws `dataset_invalid` when they cannot train this baseline. */
  protected abstract fit(examples: TrainingExamples, signal: AbortSignal | undefined): Promise<void>;
  /** The answer for one input text. */
  protected abstract respond(input: string): string;
  /** Drops the trained state. */
  protected abstract release(): void;
}

/** The case's input field when the case has one, else the prompt's last user text. */
function requestInput(options: { request: GenerateRequest; inputField: string }): string {
  const value = options.request.case?.vars[options.inputField];
  if (typeof value === "string" || typeof value === "number") return String(value);
  return promptText(options.request.prompt);
}

function promptText(prompt: Prompt): string {
  if (prompt.kind === "text") return prompt.text;
  const lastUser = prompt.messages.findLast((message) => message.role === "user");
  return lastUser?.content ?? prompt.messages.at(-1)?.content ?? "";
}

function ignoredSettings(request: GenerateRequest): CallWarning[] {
  const settings: [string, boolean][] = [
    ["temperature", request.temperature !== undefined],
    ["topP", request.topP !== undefined],
    ["maxOutputTokens", request.maxOutputTokens !== undefined],
    ["stop", (request.stop?.length ?? 0) > 0],
    ["seed", request.seed !== undefined],
    ["responseFormat", request.responseFormat !== undefined && request.responseFormat.type !== "text"],
    ["tools", (request.tools?.length ?? 0) > 0],
    ["providerOptions", request.providerOptions !== undefined && Object.keys(request.providerOptions).length > 0],
  ];
  return settings
    .filter(([, isSet]) => isSet)
    .map(([setting]) => ({ setting, message: `A classical baseline does not use "${setting}"; it was ignored.` }));
}
