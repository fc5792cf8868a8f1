import { resolve } from "node:path";
import type { Command } from "commander";
import type { TrainingDataReport } from "../../finetune/data/training-data-report.js";
import { isTrainingFormat, trainingFormats } from "../../finetune/data/training-format.js";
import { validateTrainingData } from "../../finetune/data/validate-training-data.js";
import { exitCodes, TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { trainingTokenCounter } from "../finetune-token-counter.js";
import { paint } from "../terminal.js";

/** OpenAI's per-example training limit for its current chat models (tokens); `--context-limit` overrides it. */
const defaultContextLimit = 65_536;
const shownIssues = 50;

interface ValidateFlags {
  json?: boolean;
  model?: string;
  eval?: string[];
  evalField?: string;
  format?: string;
  contextLimit?: string;
  pii: boolean;
  strict?: boolean;
}

export function registerFinetuneValidate(finetune: Command, context: CliContext): void {
  finetune
    .command("validate")
    .description("Check a training file: format (OpenAI's checks plus tool calls), tokens, context limit, duplicates, PII and leakage into evaluation sets.")
    .argument("<file>", "training file (JSONL: OpenAI chat, OpenAI preference or TRL preference)")
    .option("--model <model>", "model to be fine-tuned (picks the tokenizer)")
    .option("--eval <files...>", "evaluation datasets whose prompts must not appear in the training data")
    .option("--eval-field <field>", "the evaluation datasets' prompt field (default: messages, prompt, input, question, query or text)")
    .option("--format <format>", `expected format: ${trainingFormats.join(", ")} (default: detected)`)
    .option("--context-limit <tokens>", `tokens one example may hold (default ${defaultContextLimit})`)
    .option("--no-pii", "skip the PII scan")
    .option("--strict", "fail on warnings (duplicates, PII, examples over the limit) too")
    .option("--json", "print the report as JSON")
    .action(async (file: string, flags: ValidateFlags) => {
      if (flags.format !== undefined && !isTrainingFormat(flags.format)) {
        throw new TuneopsError({ code: "input_invalid", message: `--format ${flags.format} is not a training format`, location: { field: "--format" }, hint: `Use one of ${trainingFormats.join(", ")}.` });
      }
      const contextLimit = flags.contextLimit === undefined ? defaultContextLimit : Number(flags.contextLimit);
      if (!Number.isInteger(contextLimit) || contextLimit <= 0) {
        throw new TuneopsError({ code: "input_invalid", message: `--context-limit ${flags.contextLimit} is not a positive whole number of tokens`, location: { field: "--context-limit" } });
      }
      const tokenizer = await trainingTokenCounter(flags.model);
      const tokenCounter = tokenizer?.counter;
      const report = await validateTrainingData({
        path: resolve(file),
        ...(flags.format !== undefined && isTrainingFormat(flags.format) ? { format: flags.format } : {}),
        ...(tokenCounter ? { tokenCounter } : {}),
        contextLimit,
        evalPaths: (flags.eval ?? []).map((path) => resolve(path)),
        ...(flags.evalField ? { evalField: flags.evalField } : {}),
        pii: flags.pii,
        onProgress: (examples) => context.terminal.status(`validated ${examples.toLocaleString("en-US")} examples`),
      });
      context.terminal.clearStatus();
      report.file = file;
      if (tokenizer) report.tokens.approximate = tokenizer.approximate;
      const failed = !report.ok || (flags.strict === true && report.warnings.length > 0);
      if (flags.json) context.terminal.out(JSON.stringify(report, null, 2));
      else printReport(context, report, flags);
      if (!flags.json && tokenizer) context.terminal.out(`tokenizer: ${tokenizer.note}`);
      if (failed) context.exitCode = exitCodes.gateFailed;
    });
}

function printReport(context: CliContext, report: TrainingDataReport, flags: ValidateFlags): void {
  const { terminal } = context;
  terminal.out(`${report.file}: ${report.examples} example(s), ${report.valid_examples} valid, format ${report.format ?? "unknown"}`);
  const list = (issues: TrainingDataReport["errors"], label: string, style: "red" | "yellow"): void => {
    for (const issue of issues.slice(0, shownIssues)) {
      terminal.out(`  ${paint(terminal, style, label)} ${report.file}:${issue.line} ${issue.code}${issue.field ? ` (${issue.field})` : ""}: ${issue.message}`);
    }
    if (issues.length > shownIssues) terminal.out(`  ... and ${issues.length - shownIssues} more ${label}s (--json lists all)`);
  };
  list(report.errors, "error", "red");
  list(report.warnings, "warning", "yellow");
  const counts = Object.entries(report.counts).map(([code, count]) => `${code} ${count}`);
  if (counts.length > 0) terminal.out(`by check: ${counts.join(", ")}`);
  const tokens = report.tokens;
  if (tokens.counted) {
    terminal.out(`tokens (${tokens.encoding}): total ${tokens.total}, per example min ${tokens.min ?? "-"}, mean ${tokens.mean === null ? "-" : tokens.mean.toFixed(1)}, max ${tokens.max ?? "-"}; ${tokens.over_limit} over the ${tokens.context_limit}-token limit`);
  } else {
    terminal.out(`tokens: not counted (${flags.model ? `no tokenizer available for ${flags.model}` : "pass --model to count them with its tokenizer"}); the context-limit check was skipped`);
  }
  if (report.messages) terminal.out(`messages per example: min ${report.messages.min}, mean ${report.messages.mean.toFixed(1)}, max ${report.messages.max}; assistant messages ${report.assistant_messages.total} (${report.assistant_messages.weight_zero} with weight 0)`);
  terminal.out(`duplicates: ${report.duplicates}; PII: ${flags.pii ? `${report.pii.examples} example(s)${Object.keys(report.pii.by_type).length > 0 ? ` (${Object.entries(report.pii.by_type).map(([type, count]) => `${type} ${count}`).join(", ")})` : ""}` : "not scanned"}`);
  if (report.leakage.eval_files.length > 0) terminal.out(`leakage into ${report.leakage.eval_files.length} evaluation file(s) (${report.leakage.eval_prompts} prompts): ${report.leakage.exact} exact, ${report.leakage.normalised} after normalising`);
  terminal.out(report.ok ? paint(terminal, "green", report.warnings.length > 0 ? "ok (with warnings)" : "ok") : paint(terminal, "red", `${report.errors.length} error(s): fix them before training`));
}
