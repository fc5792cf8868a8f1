import { z } from "zod";
import type { ModerationModelV1, ModerationResult } from "../../spec/scorer.js";
import { describeIssues } from "../http/describe-issues.js";
import { badResponseError } from "../http/provider-errors.js";
import type { ProviderHttpClient } from "../http/provider-http-client.js";
import { createOpenAiCompatibleHttpClient, type OpenAiCompatibleEndpointOptions } from "./openai-compatible-embedding-model.js";

export interface OpenAiCompatibleModerationModelOptions extends Omit<OpenAiCompatibleEndpointOptions, "model"> {
  /** Default `omni-moderation-latest`. */
  model?: string;
}

/** Wire schema of `POST /moderations` (only what the adapter reads; extras pass). */
const moderationResponseSchema = z.object({
  results: z
    .array(
      z.object({
        flagged: z.boolean(),
        category_scores: z.record(z.string(), z.number()).nullish(),
      }),
    )
    .min(1),
});

const moderationsPath = "/moderations";
export const defaultModerationModel = "omni-moderation-latest";

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/**
 * A moderation classifier behind OpenAI's `POST {baseUrl}/moderations` (OpenAI, or a compatible
 * self-hosted endpoint). One text per call: `flagged` and the category scores of `results[0]`.
 */
export class OpenAiCompatibleModerationModel implements ModerationModelV1 {
  readonly specificationVersion = "v1" as const;
  readonly provider = "openai-compatible";
  readonly modelId: string;
  private readonly client: ProviderHttpClient;

  constructor(options: OpenAiCompatibleModerationModelOptions) {
    this.modelId = options.model ?? defaultModerationModel;
    this.client = createOpenAiCompatibleHttpClient({ ...options, model: this.modelId });
  }

  async moderate(request: { input: string; abortSignal?: AbortSignal }): Promise<ModerationResult> {
    const json = await this.client.postJson(moderationsPath, { model: this.modelId, input: request.input }, request.abortSignal);
    const parsed = moderationResponseSchema.safeParse(json);
    if (!parsed.success) throw badResponseError(this.client.errorContext(moderationsPath), describeIssues(parsed.error));
    const result = parsed.data.results[0] as z.infer<typeof moderationResponseSchema>["results"][number];
    const categoryScores: Record<string, number> = {};
    for (const [category, score] of Object.entries(result.category_scores ?? {})) categoryScores[category] = clampUnit(score);
    return { flagged: result.flagged, categoryScores };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export function createOpenAiCompatibleModerationModel(options: OpenAiCompatibleModerationModelOptions): OpenAiCompatibleModerationModel {
  return new OpenAiCompatibleModerationModel(options);
}
