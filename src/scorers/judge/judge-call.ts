import type { z } from "zod";
import { TuneopsError } from "../../spec/errors.js";
import type { ChatMessage, GenerateRequest, GenerateResult, LanguageModelCapabilities } from "../../spec/language-model.js";
import type { JudgeModel } from "../../spec/scorer.js";
import { preview, scorerFailure, type ScorerFactoryOptions } from "../scorer-options.js";
import { fillPrompt, toolModeSuffix, verdictToolName, type JudgePrompt } from "./judge-prompts.js";
import { describeIssue, findJsonObjects, parseVerdict } from "./parse-verdict.js";

/**
 * How a verdict is forced, chosen by what the judge model can do (never by its provider's name):
 * a JSON Schema response format, else a single tool whose parameters are the schema, else plain text
 * parsed robustly (the last JSON object, then patterns such as `[[A]]`).
 */
export type VerdictMode = "json-schema" | "tool" | "text";

export function verdictMode(capabilities: Pick<LanguageModelCapabilities, "jsonSchema" | "tools">): VerdictMode {
  if (capabilities.jsonSchema) return "json-schema";
  if (capabilities.tools) return "tool";
  return "text";
}

/**
 * Temperature of each sample when a case is judged K > 1 times. At temperature 0 the K samples would
 * (mostly) repeat one answer and self-consistency would measure nothing; 0.7 is the usual setting for
 * self-consistency sampling (Wang et al., 2022). A single sample is judged at temperature 0.
 */
export const samplingTemperature = 0.7;

/** Most output tokens of one verdict: a reason of at most 400 characters and the verdict fit easily. */
export const judgeMaxOutputTokens = 600;

export interface JudgeSample {
  temperature: number;
  /** Distinct per sample (and per case), so seeded judges do not repeat one sample K times. */
  seed?: number;
}

/** `samples` of the scorer, else `--judge-samples`, else 1. */
export function judgeSampleCount(configured: number | undefined, fallback: number | undefined): number {
  const count = configured ?? fallback ?? 1;
  return Number.isInteger(count) && count >= 1 ? count : 1;
}

/** FNV-1a: a stable 32-bit hash, so a case's judge seeds are the same in every run. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** The settings of K samples: temperature 0 for one, else 0.7 with a distinct seed each. */
export function sampleSettings(count: number, key: string): JudgeSample[] {
  if (count <= 1) return [{ temperature: 0 }];
  const base = hash(key) % 1_000_000_000;
  return Array.from({ length: count }, (_, index) => ({ temperature: samplingTemperature, seed: base + index }));
}

export interface JudgeSource {
  /** Samples per case (K). */
  readonly samples: number;
  /** The judge model, resolved on first use (scorers are also built where no models exist, e.g. plans). */
  judge(): Promise<JudgeModel>;
}

/** Resolves a judge scorer's model lazily, once; without `options.models` every case fails with a clear error. */
export function createJudgeSource(config: { type: string; provider: string; samples?: number | undefined }, options: ScorerFactoryOptions): JudgeSource {
  let resolved: Promise<JudgeModel> | undefined;
  return {
    samples: judgeSampleCount(config.samples, options.judgeSamples),
    judge() {
      const models = options.models;
      if (models === undefined) {
        return Promise.reject(
          new TuneopsError({
            code: "scorer_failed",
            message: `scorer "${options.name}": ${config.type} needs a judge model (provider "${config.provider}"), but no models were given to the scorers`,
            hint: "Judge scorers run inside `tuneops eval`, which resolves the judge from the project's providers.",
          }),
        );
      }
      resolved ??= models.judge(config.provider);
      return resolved;
    },
  };
}

export interface JudgeCallOptions<Verdict> {
  judge: JudgeModel;
  scorerName: string;
  prompt: JudgePrompt;
  /** Values of the prompt's placeholders. */
  values: Readonly<Record<string, string>>;
  verdict: z.ZodType<Verdict>;
  /** Reads a verdict from prose when no JSON object validates (plain-text judges). */
  fromText?: (text: string) => Record<string, unknown> | undefined;
  /** The verdict's JSON Schema (default: the prompt's). */
  schema?: Record<string, unknown>;
  sample: JudgeSample;
}

function buildRequest<Verdict>(options: JudgeCallOptions<Verdict>, mode: VerdictMode, schema: Record<string, unknown>): GenerateRequest {
  const user = fillPrompt(options.prompt.user, options.values);
  const messages: ChatMessage[] = [
    { role: "system", content: options.prompt.system },
    { role: "user", content: mode === "tool" ? `${user}\n${toolModeSuffix}` : user },
  ];
  const request: GenerateRequest = {
    prompt: { kind: "chat", messages },
    temperature: options.sample.temperature,
    maxOutputTokens: judgeMaxOutputTokens,
  };
  if (options.sample.seed !== undefined && options.judge.model.capabilities.seed) request.seed = options.sample.seed;
  if (mode === "json-schema") request.responseFormat = { type: "json", schema, name: options.prompt.id.replace(/[^A-Za-z0-9_-]/g, "_") };
  if (mode === "tool") request.tools = [{ name: verdictToolName, description: "Give your verdict.", parameters: schema }];
  return request;
}

/** The verdict from a tool call's arguments, when the judge called the tool with valid ones. */
function verdictFromTool<Verdict>(result: GenerateResult, verdict: z.ZodType<Verdict>): { verdict?: Verdict; problem?: string; raw?: string } {
  const call = result.toolCalls?.find((item) => item.name === verdictToolName) ?? result.toolCalls?.[0];
  if (call === undefined) return {};
  const [argumentsObject] = findJsonObjects(call.arguments);
  if (argumentsObject === undefined) return { problem: "the tool call's arguments are not a JSON object", raw: call.arguments };
  const checked = verdict.safeParse(argumentsObject);
  return checked.success ? { verdict: checked.data } : { problem: `the tool call's verdict is invalid (${describeIssue(checked.error)})`, raw: call.arguments };
}

/**
 * Asks the judge once and returns its validated verdict. A verdict that cannot be read is a
 * `scorer_failed` error carrying the prompt's id and a preview of the judge's raw reply (runScorer
 * records it on the result); a failed call propagates the provider's own error.
 */
export async function callJudge<Verdict>(options: JudgeCallOptions<Verdict>): Promise<Verdict> {
  const mode = verdictMode(options.judge.model.capabilities);
  const schema = options.schema ?? { ...options.prompt.verdictSchema };
  const result = await options.judge.generate(buildRequest(options, mode, schema));
  let problem: string | undefined;
  let raw = result.text;
  if (mode === "tool") {
    const fromTool = verdictFromTool(result, options.verdict);
    if (fromTool.verdict !== undefined) return fromTool.verdict;
    problem = fromTool.problem;
    if (fromTool.raw !== undefined && result.text.trim() === "") raw = fromTool.raw;
  }
  const parsed = parseVerdict({ text: result.text, verdict: options.verdict, fromText: options.fromText });
  if (parsed.ok) return parsed.verdict;
  const truncated = result.finishReason === "length" ? "; the reply hit the output token limit" : "";
  throw scorerFailure(options.scorerName, `the judge's verdict could not be read (${problem ?? parsed.problem}${truncated}; prompt ${options.prompt.id}): ${preview(raw, 200)}`);
}

/** Judges K samples concurrently (the judge's provider applies its own concurrency limit). */
export function callJudgeSamples<Verdict>(options: Omit<JudgeCallOptions<Verdict>, "sample"> & { samples: readonly JudgeSample[] }): Promise<Verdict[]> {
  const { samples, ...rest } = options;
  return Promise.all(samples.map((sample) => callJudge({ ...rest, sample })));
}
