import type { ErrorLocation } from "../spec/errors.js";
import { TuneopsError } from "../spec/errors.js";
import type { ScorerModels, ScorerV1 } from "../spec/scorer.js";

/**
 * Renders a template (Liquid syntax in tuneops.yaml) with variables. Injected by the caller so the
 * scorers do not depend on a template engine.
 */
export type RenderTemplate = (template: string, vars: Record<string, unknown>) => string;

export interface ScorerFactoryOptions {
  /** The scorer's unique name in its suite (metric name in reports). */
  name: string;
  /** Folder that relative paths (a JSON Schema `file`) resolve against: the folder of tuneops.yaml. */
  baseDir: string;
  render: RenderTemplate;
  /** Where this scorer's config sits, for error messages (e.g. `{ file: "tuneops.yaml", field: "evals.qa.scorers.0" }`). */
  location?: ErrorLocation;
  /** Judges and embedders by provider name; scorers that need a model fail with a clear error without. */
  models?: ScorerModels;
  /** Default number of judge samples per case (`--judge-samples`); a scorer's `samples` wins. */
  judgeSamples?: number;
}

/** The fields every scorer shares; `threshold` defaults to 1 (every built-in scorer scores 1 for a full match). */
export function scorerBase(
  config: { type: string; threshold?: number | undefined; weight?: number | undefined },
  options: ScorerFactoryOptions,
): Omit<ScorerV1, "score"> {
  return {
    specificationVersion: "v1",
    name: options.name,
    type: config.type,
    threshold: config.threshold ?? 1,
    weight: config.weight ?? 1,
  };
}

/** A `config_invalid` error naming the scorer and, where known, the field at fault. */
export function scorerConfigError(options: ScorerFactoryOptions, details: { field?: string; message: string; hint?: string; cause?: unknown }): TuneopsError {
  const base = options.location?.field;
  const field = details.field === undefined ? base : base === undefined ? details.field : `${base}.${details.field}`;
  const location: ErrorLocation = { ...options.location };
  if (field !== undefined) location.field = field;
  return new TuneopsError({
    code: "config_invalid",
    message: `scorer "${options.name}": ${details.message}`,
    location,
    ...(details.hint === undefined ? {} : { hint: details.hint }),
    ...(details.cause === undefined ? {} : { cause: details.cause }),
  });
}

/** A scorer's failure on one case (recorded on the result by `runScorer`, never thrown past it). */
export function scorerFailure(name: string, message: string, cause?: unknown): TuneopsError {
  return new TuneopsError({ code: "scorer_failed", message: `scorer "${name}": ${message}`, ...(cause === undefined ? {} : { cause }) });
}

/** Shortens text for a reason shown in reports. */
export function preview(text: string, maxLength = 80): string {
  const flat = JSON.stringify(text.length > maxLength ? `${text.slice(0, maxLength)}…` : text);
  return flat;
}
