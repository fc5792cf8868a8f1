import type { z } from "zod";
import { scorerSchema, type ScorerConfig } from "../config/project-schema.js";
import type { ErrorLocation } from "../spec/errors.js";
import { TuneopsError } from "../spec/errors.js";
import type { ScorerModels, ScorerV1 } from "../spec/scorer.js";
import { createJavascriptScorer } from "./javascript/javascript.js";
import { createContainsScorer } from "./match/contains.js";
import { createEqualsScorer } from "./match/equals.js";
import { createRegexScorer } from "./match/regex.js";
import { createStartsWithScorer } from "./match/starts-with.js";
import { scorerConfigError, type RenderTemplate, type ScorerFactoryOptions } from "./scorer-options.js";
import { createIsJsonScorer } from "./structure/is-json.js";
import { createJsonSchemaScorer } from "./structure/json-schema.js";
import { createBleuScorer } from "./text/bleu.js";
import { createChrfScorer } from "./text/chrf.js";
import { createLevenshteinScorer } from "./text/levenshtein.js";
import { createRougeScorer } from "./text/rouge.js";
import { createExactMatchScorer, createSquadF1Scorer } from "./text/squad.js";
import { createCosineSimilarityScorer } from "./embedding/cosine-similarity.js";
import { createClassificationScorer } from "./classification/classification.js";
import { createFactualityScorer } from "./judge/factuality.js";
import { createLlmRubricScorer } from "./judge/llm-rubric.js";
import { createPairwiseScorer } from "./judge/pairwise.js";
import { createPoliticalLeanScorer } from "./judge/political-lean.js";
import { createPiiScorer } from "./safety/pii.js";
import { createSentimentScorer } from "./safety/sentiment.js";
import { createToxicityScorer } from "./safety/toxicity.js";

/** A scorer's config as written (defaults not yet applied); `createScorer` validates it. */
export type ScorerConfigInput = z.input<typeof scorerSchema>;

/**
 * Builds one scorer from its config. The config is validated against the project schema (a config that
 * came through the project loader passes unchanged); every mistake is a `config_invalid` error naming
 * the scorer. Everything expensive (regex, JSON Schema, JS expression) is compiled here, once.
 */
export function createScorer(config: ScorerConfig | ScorerConfigInput, options: ScorerFactoryOptions): ScorerV1 {
  const parsed = scorerSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? undefined : issue.path.map(String).join(".");
    throw scorerConfigError(options, { ...(field === undefined ? {} : { field }), message: issue?.message ?? "invalid scorer config" });
  }
  const valid = parsed.data;
  switch (valid.type) {
    case "equals":
      return createEqualsScorer(valid, options);
    case "contains":
    case "icontains":
      return createContainsScorer(valid, options);
    case "starts-with":
      return createStartsWithScorer(valid, options);
    case "regex":
      return createRegexScorer(valid, options);
    case "is-json":
      return createIsJsonScorer(valid, options);
    case "json-schema":
      return createJsonSchemaScorer(valid, options);
    case "javascript":
      return createJavascriptScorer(valid, options);
    case "exact-match":
      return createExactMatchScorer(valid, options);
    case "f1":
      return createSquadF1Scorer(valid, options);
    case "bleu":
      return createBleuScorer(valid, options);
    case "rouge1":
    case "rouge2":
    case "rougeL":
    case "rougeLsum":
      return createRougeScorer(valid, options);
    case "chrf":
      return createChrfScorer(valid, options);
    case "levenshtein":
      return createLevenshteinScorer(valid, options);
    case "cosine-similarity":
      return createCosineSimilarityScorer(valid, options);
    case "classification":
      return createClassificationScorer(valid, options);
    case "llm-rubric":
      return createLlmRubricScorer(valid, options);
    case "factuality":
      return createFactualityScorer(valid, options);
    case "pairwise":
      return createPairwiseScorer(valid, options);
    case "political-lean":
      return createPoliticalLeanScorer(valid, options);
    case "toxicity":
      return createToxicityScorer(valid, options);
    case "sentiment":
      return createSentimentScorer(valid, options);
    case "pii":
      return createPiiScorer(valid, options);
  }
}

export interface CreateScorersOptions {
  baseDir: string;
  render: RenderTemplate;
  /** Where the list sits, for error messages; each scorer's field becomes `<field>.<index>`. Default field: `scorers`. */
  location?: ErrorLocation;
  models?: ScorerModels;
  judgeSamples?: number;
}

/**
 * Builds a suite's scorers. A scorer without a `name` is named after its type, numbered from the second
 * of a type on (`contains`, `contains-2`, ...), skipping names already taken; two scorers with the same
 * explicit name are a `config_invalid` error.
 */
export function createScorers(configs: readonly (ScorerConfig | ScorerConfigInput)[], options: CreateScorersOptions): ScorerV1[] {
  const listField = options.location?.field ?? "scorers";
  const taken = new Set<string>();
  configs.forEach((config, index) => {
    if (config.name === undefined) return;
    if (taken.has(config.name)) {
      throw new TuneopsError({
        code: "config_invalid",
        message: `two scorers are named "${config.name}"`,
        location: { ...options.location, field: `${listField}.${index}.name` },
        hint: "Scorer names are metric names in reports and must be unique within a suite.",
      });
    }
    taken.add(config.name);
  });
  const seenOfType = new Map<string, number>();
  return configs.map((config, index) => {
    let name = config.name;
    if (name === undefined) {
      let ordinal = seenOfType.get(config.type) ?? 0;
      do {
        ordinal += 1;
        name = ordinal === 1 ? config.type : `${config.type}-${ordinal}`;
      } while (taken.has(name));
      seenOfType.set(config.type, ordinal);
      taken.add(name);
    }
    return createScorer(config, {
      name,
      baseDir: options.baseDir,
      render: options.render,
      location: { ...options.location, field: `${listField}.${index}` },
      ...(options.models ? { models: options.models } : {}),
      ...(options.judgeSamples !== undefined ? { judgeSamples: options.judgeSamples } : {}),
    });
  });
}
