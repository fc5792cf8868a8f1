import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadProject } from "../../config/load-project.js";
import { scorerSchema, type ScorerConfig } from "../../config/project-schema.js";
import { createTemplateRenderer } from "../../eval/template.js";
import { createScorer } from "../../scorers/create-scorer.js";
import { referenceMetricDetails } from "../../scorers/metric-details.js";
import { runScorer } from "../../scorers/run-scorer.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { createResources, loadPrices, projectDirOf } from "../compose.js";

interface ScoreFlags {
  output: string;
  expected: string[];
  option: string[];
  config: string;
  json?: boolean;
}

const scorerTypes: readonly string[] = scorerSchema.options.map((option) => option.shape.type.value);

export function registerScoreCommand(program: Command, context: CliContext): void {
  program
    .command("score")
    .description("Score one output with one metric (exact-match, f1, bleu, rouge1, rouge2, rougeL, rougeLsum, chrf, levenshtein, and every scorer type).")
    .argument("<metric>", "metric or scorer type")
    .requiredOption("--output <text>", "the output to score")
    .option("--expected <text>", "a reference (repeat for several)", collect, [])
    .option("--option <key=value>", "a scorer option, e.g. tokenize=intl, use_stemmer=true (repeatable)", collect, [])
    .option("-c, --config <file>", "project file whose providers judges and embedders may use", "tuneops.yaml")
    .option("--json", "print JSON")
    .action(async (metric: string, flags: ScoreFlags) => {
      const config = parseConfig(metric, flags.option);
      const references = flags.expected;
      const details = referenceMetricDetails(config, flags.output, references);
      const result: Record<string, unknown> = { metric, ...(details ?? (await runAsScorer(config, flags, references))) };
      if (flags.json) {
        context.terminal.out(JSON.stringify(result, null, 2));
        return;
      }
      context.terminal.out(Object.entries(result).map(([key, value]) => `${key}: ${Array.isArray(value) ? value.map(format).join(" / ") : format(value)}`).join("\n"));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function format(value: unknown): string {
  return typeof value === "number" && !Number.isInteger(value) ? String(Math.round(value * 1e6) / 1e6) : String(value);
}

/** `--option key=value` pairs become scorer config fields; values that read as JSON (numbers, true) are parsed. */
function parseConfig(metric: string, options: readonly string[]): ScorerConfig {
  if (!scorerTypes.includes(metric)) {
    const close = scorerTypes.filter((type) => type[0] === metric[0]).join(", ");
    throw new TuneopsError({
      code: "input_invalid",
      message: `unknown metric "${metric}"`,
      hint: `Metrics: ${scorerTypes.join(", ")}.${close ? ` Did you mean one of: ${close}?` : ""}`,
    });
  }
  const fields: Record<string, unknown> = { type: metric };
  for (const option of options) {
    const equals = option.indexOf("=");
    if (equals <= 0) throw new TuneopsError({ code: "input_invalid", message: `--option ${option}: expected key=value`, hint: "For example --option tokenize=intl." });
    const key = option.slice(0, equals);
    const text = option.slice(equals + 1);
    fields[key] = parseValue(text);
  }
  const parsed = scorerSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TuneopsError({
      code: "input_invalid",
      message: `--option ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
      hint: "Options are the scorer's fields in tuneops.yaml (docs/configuration.md, docs/metrics.md).",
    });
  }
  return parsed.data;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function runAsScorer(config: ScorerConfig, flags: ScoreFlags, references: readonly string[]): Promise<Record<string, unknown>> {
  const configPath = resolve(flags.config);
  const project = existsSync(configPath) ? await loadProject(configPath) : undefined;
  // Without a project file, templates include files from the folder the command runs in.
  const renderer = createTemplateRenderer({ root: project ? projectDirOf(project.path) : process.cwd() });
  const resources = project ? createResources({ config: project.config, projectDir: projectDirOf(project.path), prices: loadPrices(project.config, projectDirOf(project.path)) }) : undefined;
  const scorer = createScorer(config, {
    name: config.type,
    baseDir: project ? projectDirOf(project.path) : process.cwd(),
    render: renderer.render,
    ...(resources?.scorerModels ? { models: resources.scorerModels } : {}),
  });
  try {
    const expected = references.length === 0 ? undefined : references.length === 1 ? references[0] : references;
    const record = await runScorer(scorer, { output: flags.output, expected, vars: { output: flags.output, expected }, caseId: "cli", candidateId: "cli" });
    if (record.error) throw new TuneopsError({ code: "scorer_failed", message: record.error.message });
    const result: Record<string, unknown> = { score: record.score, pass: record.pass, threshold: scorer.threshold };
    if (record.label !== undefined) result["label"] = record.label;
    if (record.reason !== undefined) result["reason"] = record.reason;
    if (record.samples !== undefined) result["samples"] = record.samples;
    return result;
  } finally {
    await resources?.close?.();
  }
}
