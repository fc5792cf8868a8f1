import type { LanguageModelV1 } from "../spec/language-model.js";
import type { RetrieverV1 } from "../spec/retriever.js";
import type { ScorerModels } from "../spec/scorer.js";
import type { Usage } from "../spec/usage.js";

/** A ready model with the policy the runner applies to it; built by the composition root. */
export interface ModelHandle {
  model: LanguageModelV1;
  /** Identity of the model for the response cache (type, endpoint, model); null: never cached. */
  cacheIdentity: string | null;
  /** Calls in flight at once. */
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  /** Stream the response (measures time to first token). */
  stream: boolean;
  pricing: Pricing;
}

export interface Pricing {
  /** USD for one call's usage; null when the model has no price. */
  costOf(usage: Usage): number | null;
  /** Where the price comes from (source and date), or why there is none. */
  source: string | null;
}

/** How the engine obtains its collaborators, so it never constructs a concrete provider or store. */
export interface EvaluationResources {
  resolveModel(providerName: string): Promise<ModelHandle>;
  resolveRetriever(name: string): Promise<RetrieverV1>;
  /** Judges, embedders and moderators for scorers that need a model. */
  scorerModels?: ScorerModels;
  /** Releases every model opened through these resources (judges, embedders, moderators included). */
  close?(): Promise<void>;
}
