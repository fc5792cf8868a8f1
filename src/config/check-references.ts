import { didYouMean, listNames } from "./did-you-mean.js";
import type { IssueProblem } from "./describe-issue.js";
import { checkGatewayReferences } from "./check-gateway-references.js";
import type { CandidateConfig, ProjectConfig, SuiteConfig } from "./project-schema.js";

type Path = PropertyKey[];

/** `unknown dataset "qa"; defined: "a", "b" (did you mean "a"?)`, or how to define the first one. */
function unknownName(options: { what: string; name: string; section: string; known: string[] }): string {
  const { what, name, section, known } = options;
  if (known.length === 0) return `unknown ${what} "${name}": no ${section} are defined; add one under \`${section}:\``;
  return `unknown ${what} "${name}"${didYouMean(name, known)}; defined ${section}: ${listNames(known, "and")}`;
}

/**
 * A candidate's prompt is a prompt name or an inline template. A bare word that is not a known name is
 * far more likely a misspelt name than a one-word template, so it is an error unless it looks like a
 * template (has `{{` or whitespace).
 */
function checkPrompt(options: { prompt: string; path: Path; prompts: string[] }): IssueProblem[] {
  const { prompt, path, prompts } = options;
  if (prompts.includes(prompt) || prompt.includes("{{") || /\s/.test(prompt)) return [];
  const known = prompts.length === 0 ? "no prompts are defined" : `defined prompts: ${listNames(prompts, "and")}`;
  return [
    {
      path,
      message: `unknown prompt "${prompt}"${didYouMean(prompt, prompts)}; ${known} (an inline template needs a {{ variable }} or more than one word)`,
    },
  ];
}

function checkCandidate(options: { candidate: CandidateConfig; path: Path; config: ProjectConfig }): IssueProblem[] {
  const { candidate, path, config } = options;
  const problems: IssueProblem[] = [];
  const providers = Object.keys(config.providers);
  const prompts = Object.keys(config.prompts);
  if (candidate.provider !== undefined && candidate.providers !== undefined) {
    problems.push({ path: [...path, "providers"], message: "give `provider` or `providers`, not both" });
  } else if (candidate.provider === undefined && candidate.providers === undefined) {
    problems.push({ path, message: "a candidate needs `provider` (one provider) or `providers` (a list)" });
  }
  if (candidate.provider !== undefined && !providers.includes(candidate.provider)) {
    problems.push({ path: [...path, "provider"], message: unknownName({ what: "provider", name: candidate.provider, section: "providers", known: providers }) });
  }
  candidate.providers?.forEach((name, index) => {
    if (!providers.includes(name)) problems.push({ path: [...path, "providers", index], message: unknownName({ what: "provider", name, section: "providers", known: providers }) });
  });
  if (candidate.prompt !== undefined && candidate.prompts !== undefined) {
    problems.push({ path: [...path, "prompts"], message: "give `prompt` or `prompts`, not both" });
  }
  if (candidate.prompt !== undefined) problems.push(...checkPrompt({ prompt: candidate.prompt, path: [...path, "prompt"], prompts }));
  candidate.prompts?.forEach((prompt, index) => problems.push(...checkPrompt({ prompt, path: [...path, "prompts", index], prompts })));
  if (candidate.params !== undefined && candidate.params_grid !== undefined) {
    problems.push({ path: [...path, "params_grid"], message: "give `params` or `params_grid`, not both" });
  }
  if (candidate.retriever !== undefined && !(candidate.retriever in config.retrievers)) {
    problems.push({
      path: [...path, "retriever"],
      message: unknownName({ what: "retriever", name: candidate.retriever, section: "retrievers", known: Object.keys(config.retrievers) }),
    });
  }
  return problems;
}

/** Reports the second and later uses of a name. */
function duplicates(entries: readonly { name: string | undefined; path: Path }[], what: string): IssueProblem[] {
  const seen = new Set<string>();
  const problems: IssueProblem[] = [];
  for (const { name, path } of entries) {
    if (name === undefined) continue;
    if (seen.has(name)) problems.push({ path, message: `duplicate ${what} "${name}"; each ${what} in an eval must be unique` });
    seen.add(name);
  }
  return problems;
}

function checkSuite(options: { suite: SuiteConfig; path: Path; config: ProjectConfig }): IssueProblem[] {
  const { suite, path, config } = options;
  const problems: IssueProblem[] = [];
  const datasets = Object.keys(config.datasets);
  if (!datasets.includes(suite.dataset)) {
    problems.push({ path: [...path, "dataset"], message: unknownName({ what: "dataset", name: suite.dataset, section: "datasets", known: datasets }) });
  }
  suite.candidates.forEach((candidate, index) => problems.push(...checkCandidate({ candidate, path: [...path, "candidates", index], config })));
  problems.push(...duplicates(suite.candidates.map((candidate, index) => ({ name: candidate.id, path: [...path, "candidates", index, "id"] })), "candidate id"));
  problems.push(...duplicates(suite.scorers.map((scorer, index) => ({ name: scorer.name, path: [...path, "scorers", index, "name"] })), "scorer name"));
  suite.scorers.forEach((scorer, index) => {
    if (scorer.type !== "json-schema") return;
    if ((scorer.schema === undefined) === (scorer.file === undefined)) {
      problems.push({ path: [...path, "scorers", index], message: "a json-schema scorer needs exactly one of `schema` (inline) or `file`" });
    }
  });
  // Derived ids belong to the eval module; a gate is checked only when every candidate names its id.
  const ids = suite.candidates.map((candidate) => candidate.id);
  const explicit = ids.filter((id): id is string => id !== undefined);
  if (explicit.length === ids.length) {
    suite.gates.forEach((gate, index) => {
      if (gate.candidate !== undefined && !explicit.includes(gate.candidate)) {
        problems.push({
          path: [...path, "gates", index, "candidate"],
          message: `unknown candidate "${gate.candidate}"${didYouMean(gate.candidate, explicit)}; candidates of this eval: ${listNames(explicit, "and")}`,
        });
      }
    });
  }
  return problems;
}

/** Checks names one section uses from another: datasets, providers, prompts, retrievers, candidate ids. */
export function checkProjectReferences(config: ProjectConfig): IssueProblem[] {
  const problems: IssueProblem[] = [];
  for (const [name, provider] of Object.entries(config.providers)) {
    if ("api_key_env" in provider && provider.api_key_env !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(provider.api_key_env)) {
      problems.push({
        path: ["providers", name, "api_key_env"],
        message: "expected the NAME of an environment variable (e.g. OPENAI_API_KEY), never the key itself",
      });
    }
  }
  for (const [name, suite] of Object.entries(config.evals)) problems.push(...checkSuite({ suite, path: ["evals", name], config }));
  problems.push(...checkGatewayReferences(config.gateway));
  return problems;
}
