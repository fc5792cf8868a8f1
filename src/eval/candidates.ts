import type { CallParams, CandidateConfig, ProjectConfig, SuiteConfig } from "../config/project-schema.js";
import { TuneopsError } from "../spec/errors.js";

/** One candidate: a provider, a prompt and call parameters (and optionally a retriever). */
export interface CandidateSpec {
  id: string;
  providerName: string;
  /** Name in `prompts`, an inline template, or null for the input passed through. */
  prompt: string | null;
  params: CallParams;
  retriever: string | null;
  contextVar: string;
}

/**
 * Expands a suite's candidates (each possibly a matrix of providers x prompts x parameter sets) into a
 * flat list with unique ids. Ids are stable: derived from the names, so the same config gives the same
 * ids and results can be compared across runs.
 */
export function expandCandidates(project: ProjectConfig, suiteName: string, suite: SuiteConfig): CandidateSpec[] {
  const specs: CandidateSpec[] = [];
  suite.candidates.forEach((candidate, index) => specs.push(...expandOne(project, candidate, `evals.${suiteName}.candidates[${index}]`)));
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.id)) {
      throw new TuneopsError({
        code: "config_invalid",
        message: `evals.${suiteName}.candidates: two candidates are both called "${spec.id}"`,
        location: { field: `evals.${suiteName}.candidates` },
        hint: "Give one of them an explicit `id`.",
      });
    }
    seen.add(spec.id);
  }
  return specs;
}

function expandOne(project: ProjectConfig, candidate: CandidateConfig, field: string): CandidateSpec[] {
  const providers = candidate.providers ?? (candidate.provider ? [candidate.provider] : []);
  if (providers.length === 0) {
    throw new TuneopsError({ code: "config_invalid", message: `${field}: a candidate needs \`provider\` (or \`providers\`)`, location: { field } });
  }
  for (const name of providers) {
    if (!project.providers[name]) {
      throw new TuneopsError({
        code: "config_invalid",
        message: `${field}: unknown provider "${name}"`,
        location: { field },
        hint: `Known providers: ${Object.keys(project.providers).join(", ") || "(none)"}.`,
      });
    }
  }
  const prompts: (string | null)[] = candidate.prompts ?? [candidate.prompt ?? null];
  const grid: (CallParams | undefined)[] = candidate.params_grid ?? [undefined];
  const matrix = providers.length * prompts.length * grid.length > 1;
  const specs: CandidateSpec[] = [];
  for (const providerName of providers) {
    prompts.forEach((prompt) => {
      grid.forEach((gridParams, gridIndex) => {
        const parts: string[] = [];
        if (candidate.id) parts.push(candidate.id);
        if (!candidate.id || matrix) {
          if (!candidate.id || providers.length > 1) parts.push(providerName);
          if (prompt !== null && (!candidate.id || prompts.length > 1)) parts.push(project.prompts[prompt] ? prompt : `inline${prompts.indexOf(prompt) + 1}`);
          if (grid.length > 1) parts.push(`p${gridIndex + 1}`);
        }
        specs.push({
          id: parts.join("."),
          providerName,
          prompt,
          params: { ...project.providers[providerName]?.params, ...candidate.params, ...gridParams },
          retriever: candidate.retriever ?? null,
          contextVar: candidate.context_var,
        });
      });
    });
  }
  return specs;
}
