import { Liquid } from "liquidjs";
import type { ScoreInput } from "../../spec/scorer.js";
import type { RenderTemplate, ScorerFactoryOptions } from "../scorer-options.js";

const liquid = new Liquid();

/** The renderer the product injects (Liquid), for tests. */
export const renderLiquid: RenderTemplate = (template, vars) => liquid.parseAndRenderSync(template, vars) as string;

export function factoryOptions(name: string, overrides: Partial<ScorerFactoryOptions> = {}): ScorerFactoryOptions {
  return { name, baseDir: process.cwd(), render: renderLiquid, ...overrides };
}

export function scoreInput(output: string, expected?: unknown, vars: Record<string, unknown> = {}): ScoreInput {
  return { output, expected, vars, caseId: "case-1", candidateId: "candidate-a" };
}
