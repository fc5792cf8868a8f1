import type { ScorerConfig } from "../config/project-schema.js";

/** The validated config of one scorer type. */
export type ScorerConfigOf<Type extends ScorerConfig["type"]> = Extract<ScorerConfig, { type: Type }>;
