import type { GenerateRequest, GenerateResult, LanguageModelCapabilities, LanguageModelV1 } from "../../../spec/language-model.js";
import { scorerSchema } from "../../../config/project-schema.js";
import type { ScorerConfigOf } from "../../scorer-config.js";
import type { JudgeModel, ScorerModels } from "../../../spec/scorer.js";

const noCapabilities: LanguageModelCapabilities = {
  streaming: false,
  streamingUsage: false,
  chat: true,
  tools: false,
  jsonMode: false,
  jsonSchema: false,
  seed: false,
  logprobs: false,
  local: true,
  simulated: false,
  needsTraining: false,
};

export type FakeReply = string | Partial<GenerateResult>;

export interface FakeJudge extends JudgeModel {
  /** Every request the judge received, in order. */
  readonly requests: GenerateRequest[];
}

/** The user message of a judge request (the texts the judge is shown). */
export function userMessage(request: GenerateRequest): string {
  if (request.prompt.kind === "text") return request.prompt.text;
  return request.prompt.messages.find((message) => message.role === "user")?.content ?? "";
}

/**
 * A judge for tests: `reply` answers each request (a string is the reply's text). Capabilities default to
 * a plain-text model; pass `jsonSchema`, `tools` or `seed` to test the other verdict modes.
 */
export function createFakeJudge(options: {
  capabilities?: Partial<LanguageModelCapabilities>;
  reply: (request: GenerateRequest, index: number) => FakeReply;
}): FakeJudge {
  const requests: GenerateRequest[] = [];
  const model: LanguageModelV1 = {
    specificationVersion: "v1",
    provider: "fake",
    modelId: "fake-judge",
    capabilities: { ...noCapabilities, ...options.capabilities },
    generate: () => Promise.reject(new Error("call the judge through JudgeModel.generate")),
  };
  return {
    model,
    requests,
    async generate(request) {
      requests.push(request);
      const reply = options.reply(request, requests.length - 1);
      const result: GenerateResult = { text: "", finishReason: "stop", usage: { inputTokens: 10, outputTokens: 10, breakdown: {} } };
      return typeof reply === "string" ? { ...result, text: reply } : { ...result, ...reply };
    },
  };
}

/** Scorer models whose judge is `judge` under any provider name (embedder and moderator are not used here). */
export function judgeModels(judge: JudgeModel, resolved: string[] = []): ScorerModels {
  return {
    judge: (providerName) => {
      resolved.push(providerName);
      return Promise.resolve(judge);
    },
    embedder: () => Promise.reject(new Error("no embedder in judge tests")),
    moderator: () => Promise.reject(new Error("no moderator in judge tests")),
  };
}

/** A judge scorer's config with the schema's defaults applied, as the project loader would produce it. */
export function judgeConfig<Type extends "llm-rubric" | "factuality" | "pairwise" | "political-lean">(type: Type, fields: Record<string, unknown> = {}): ScorerConfigOf<Type> {
  // The parsed config's `type` is `type`, so it is this member of the union.
  return scorerSchema.parse({ type, provider: "grader", ...fields }) as ScorerConfigOf<Type>;
}
