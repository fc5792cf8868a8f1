import { resolve } from "node:path";
import type { GateConfig, ProjectConfig, ScorerConfig } from "../config/project-schema.js";
import { hashFile } from "../data/hash-file.js";
import { datasetFormatFromPath } from "../data/dataset-format.js";
import { readDataset } from "../data/read-dataset.js";
import { createScorers } from "../scorers/create-scorer.js";
import { TuneopsError } from "../spec/errors.js";
import { builtinGateMetrics } from "./gates.js";
import { expandCandidates, type CandidateSpec } from "./candidates.js";
import { inputPassThrough, loadPromptTemplate, type PromptTemplate } from "./prompt-template.js";
import type { TemplateRenderer } from "./template.js";

export interface PlannedCandidate extends CandidateSpec {
  template: PromptTemplate;
}

export interface DatasetPlan {
  name: string;
  path: string;
  trainPath: string | null;
  format: "jsonl" | "csv" | "yaml" | "json";
  hash: string;
  inputField: string;
  expectedField: string;
  idField: string | null;
  /** Valid cases the run will evaluate (after `limit`). */
  cases: number;
  /** Rows that could not be read, each with its line and why; the run refuses them unless allowed. */
  badRows: { line: number; message: string }[];
  limit: number | null;
}

/**
 * An immutable plan: candidates x cases x repeats x scorers, fixed before anything executes. The
 * snapshot is what the run stores; a resumed run is re-planned from the snapshot, never from a project
 * file that may have changed since.
 */
export interface EvalPlan {
  project: string;
  projectDir: string;
  suite: string;
  dataset: DatasetPlan;
  candidates: PlannedCandidate[];
  repeats: number;
  scorers: ScorerConfig[];
  gates: GateConfig[];
  /** Results the plan holds: candidates x cases x repeats. */
  total: number;
  snapshot: PlanSnapshot;
}

/** The subset of the project a run needs, with prompt files inlined. JSON-serialisable. */
export interface PlanSnapshot {
  version: 1;
  projectDir: string;
  suite: string;
  config: ProjectConfig;
  candidateIds: string[];
}

export interface PlanOptions {
  config: ProjectConfig;
  projectDir: string;
  suite: string;
  renderer: TemplateRenderer;
  /** Override the dataset's `limit`. */
  limit?: number;
  /**
   * Skip checking that the scorers' providers exist: a plan read back only to rebuild prompts (from a
   * run stored before snapshots kept the scorers' providers) needs no scorer models.
   */
  promptsOnly?: boolean;
}

export async function planEvaluation(options: PlanOptions): Promise<EvalPlan> {
  const { config, projectDir, suite: suiteName, renderer } = options;
  const suite = config.evals[suiteName];
  if (!suite) {
    throw new TuneopsError({
      code: "not_found",
      message: `no eval suite named "${suiteName}"`,
      hint: `Suites in this project: ${Object.keys(config.evals).join(", ") || "(none)"}.`,
    });
  }
  const datasetConfig = config.datasets[suite.dataset];
  if (!datasetConfig) {
    throw new TuneopsError({ code: "config_invalid", message: `evals.${suiteName}.dataset: unknown dataset "${suite.dataset}"`, location: { field: `evals.${suiteName}.dataset` } });
  }
  const specs = expandCandidates(config, suiteName, suite);
  const candidates: PlannedCandidate[] = [];
  const inlinedPrompts: ProjectConfig["prompts"] = {};
  for (const spec of specs) {
    let template: PromptTemplate;
    if (spec.prompt === null) template = inputPassThrough(datasetConfig.input);
    else if (config.prompts[spec.prompt]) {
      template = await loadPromptTemplate({ name: spec.prompt, config: config.prompts[spec.prompt]!, baseDir: projectDir, renderer });
      inlinedPrompts[spec.prompt] = template.source.kind === "text" ? { text: template.source.text } : { messages: template.source.messages };
    } else template = await loadPromptTemplate({ name: `${spec.id} (inline)`, config: spec.prompt, baseDir: projectDir, renderer });
    candidates.push({ ...spec, template });
  }

  const path = resolve(projectDir, datasetConfig.path);
  const format = datasetFormatFromPath(path);
  const limit = options.limit ?? datasetConfig.limit ?? null;
  const [hash, counted] = await Promise.all([hashFile(path), countCases(path, limit)]);
  const dataset: DatasetPlan = {
    name: suite.dataset,
    path,
    trainPath: datasetConfig.train ? resolve(projectDir, datasetConfig.train) : null,
    format,
    hash,
    inputField: datasetConfig.input,
    expectedField: datasetConfig.expected,
    idField: datasetConfig.id ?? null,
    cases: counted.cases,
    badRows: counted.badRows,
    limit,
  };
  if (dataset.cases === 0) {
    const bad = dataset.badRows;
    if (bad.length > 0) {
      throw new TuneopsError({
        code: "dataset_invalid",
        message: `${path}: the dataset has no valid cases: ${describeBadRows(path, bad)}`,
        location: { file: path, line: bad[0]?.line },
        hint: "Fix the rows listed, or check the file's format (.jsonl: one JSON object a line; .csv: a header row).",
      });
    }
    throw new TuneopsError({ code: "dataset_invalid", message: `${path}: the dataset has no valid cases`, location: { file: path }, hint: "Add rows, or check the format." });
  }

  const scorers = createScorers(suite.scorers, { baseDir: projectDir, render: renderer.render });
  const scorerNames = scorers.flatMap((scorer) => (scorer.corpusName ? [scorer.name, scorer.corpusName] : [scorer.name]));
  // Scores in [0, 1]: every built-in scorer's but `javascript`'s (any finite number); corpus scores are 0-100.
  const unbounded = scorers.some((scorer) => scorer.type === "javascript");
  const fractionMetrics = ["pass_rate", "error_rate", ...(unbounded ? [] : ["score"]), ...scorers.filter((scorer) => scorer.type !== "javascript").map((scorer) => scorer.name)];
  checkGates(suiteName, suite.gates, { candidateIds: candidates.map((candidate) => candidate.id), scorerNames, fractionMetrics });
  if (!options.promptsOnly) checkScorerProviders(config, suiteName);

  // Judges, embedders and moderators are part of the run too: a resume needs their providers.
  const usedProviders = new Set([...specs.map((spec) => spec.providerName), ...scorerProviders(suite.scorers)]);
  const usedRetrievers = new Set(specs.flatMap((spec) => (spec.retriever ? [spec.retriever] : [])));
  const snapshotConfig: ProjectConfig = {
    ...config,
    datasets: { [suite.dataset]: { ...datasetConfig, path, train: dataset.trainPath ?? undefined, limit: limit ?? undefined } },
    prompts: inlinedPrompts,
    providers: Object.fromEntries(Object.entries(config.providers).filter(([name]) => usedProviders.has(name))),
    retrievers: Object.fromEntries(Object.entries(config.retrievers).filter(([name]) => usedRetrievers.has(name))),
    evals: { [suiteName]: suite },
  };
  return {
    project: config.project,
    projectDir,
    suite: suiteName,
    dataset,
    candidates,
    repeats: suite.repeats,
    scorers: suite.scorers,
    gates: suite.gates,
    total: candidates.length * dataset.cases * suite.repeats,
    snapshot: { version: 1, projectDir, suite: suiteName, config: snapshotConfig, candidateIds: candidates.map((candidate) => candidate.id) },
  };
}

/** How many bad rows a message lists; the rest are counted. */
export const badRowsShown = 20;

/** `N row(s) cannot be read:` and the first `badRowsShown` of them, one `path:line: reason` a line. */
export function describeBadRows(path: string, badRows: readonly { line: number; message: string }[]): string {
  const shown = badRows.slice(0, badRowsShown).map((row) => `  ${path}:${row.line}: ${row.message}`);
  const more = badRows.length > badRowsShown ? [`  ... and ${badRows.length - badRowsShown} more`] : [];
  return `${badRows.length} row(s) cannot be read:\n${[...shown, ...more].join("\n")}`;
}

async function countCases(path: string, limit: number | null): Promise<{ cases: number; badRows: { line: number; message: string }[] }> {
  let cases = 0;
  const badRows: { line: number; message: string }[] = [];
  for await (const row of readDataset({ path })) {
    if ("error" in row) badRows.push({ line: row.line, message: row.error });
    else cases += 1;
    if (limit !== null && cases >= limit) break;
  }
  return { cases, badRows };
}

/** A gate that names a metric or candidate that does not exist would never fail: refuse it up front. */
function checkGates(suiteName: string, gates: readonly GateConfig[], known: { candidateIds: string[]; scorerNames: string[]; fractionMetrics: string[] }): void {
  gates.forEach((gate, index) => {
    const field = `evals.${suiteName}.gates[${index}]`;
    if (known.fractionMetrics.includes(gate.metric)) {
      for (const bound of ["min", "max"] as const) {
        const value = gate[bound];
        if (value === undefined || (value >= 0 && value <= 1)) continue;
        const percent = value > 1 && value <= 100;
        throw new TuneopsError({
          code: "config_invalid",
          message: `${field}.${bound}: ${value} is outside 0 to 1, the range of ${gate.metric}`,
          location: { field: `${field}.${bound}` },
          hint: percent
            ? `${gate.metric} is a fraction from 0 to 1: write \`${bound}: ${value / 100}\` for ${value}%.`
            : `${gate.metric} is a fraction from 0 to 1: write the ${bound === "min" ? "lowest" : "highest"} acceptable value as a fraction, e.g. \`${bound}: 0.9\`.`,
        });
      }
    }
    if (gate.candidate !== undefined && !known.candidateIds.includes(gate.candidate)) {
      throw new TuneopsError({
        code: "config_invalid",
        message: `${field}.candidate: no candidate "${gate.candidate}" in suite ${suiteName}`,
        location: { field: `${field}.candidate` },
        hint: `Candidates: ${known.candidateIds.join(", ")}.`,
      });
    }
    if (!builtinGateMetrics.test(gate.metric) && !known.scorerNames.includes(gate.metric)) {
      throw new TuneopsError({
        code: "config_invalid",
        message: `${field}.metric: unknown metric "${gate.metric}"`,
        location: { field: `${field}.metric` },
        hint: `Use pass_rate, score, error_rate, latency_p50_ms/latency_p95_ms/latency_p99_ms, ttft_p95_ms, cost_per_request_usd, cost_per_1k_requests_usd, output_tokens_per_second, or a scorer name (${known.scorerNames.join(", ") || "none"}).`,
      });
    }
  });
}

function scorerProviders(scorers: readonly ScorerConfig[]): string[] {
  return scorers.flatMap((scorer) => ("provider" in scorer && scorer.provider !== undefined ? [scorer.provider] : []));
}

/** Judges, embedders and moderators name a provider: a typo must fail before the run, not on every case. */
function checkScorerProviders(config: ProjectConfig, suiteName: string): void {
  config.evals[suiteName]?.scorers.forEach((scorer, index) => {
    const provider = "provider" in scorer ? scorer.provider : undefined;
    if (provider === undefined || config.providers[provider]) return;
    throw new TuneopsError({
      code: "config_invalid",
      message: `evals.${suiteName}.scorers[${index}].provider: unknown provider "${provider}"`,
      location: { field: `evals.${suiteName}.scorers[${index}].provider` },
      hint: `Providers: ${Object.keys(config.providers).join(", ") || "(none)"}; judges can be any of them, local ones included.`,
    });
  });
}
