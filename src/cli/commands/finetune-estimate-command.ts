import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { loadProject } from "../../config/load-project.js";
import { estimateFineTune } from "../../cost/fine-tune-estimate.js";
import { loadPriceTable, type PriceTable } from "../../cost/price-table.js";
import { countTrainingFile } from "../../finetune/tokens/count-training-file.js";
import { tokenCounterFor } from "../../finetune/tokens/token-counter-for.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { loadPrices } from "../compose.js";
import { usd } from "../../decide/format-decision.js";
import { paint } from "../terminal.js";

interface EstimateFlags {
  model: string;
  epochs?: string;
  maxTokensPerExample: string;
  config: string;
  json?: boolean;
}

/** OpenAI's limit on one training example for its current fine-tunable chat models (longer ones are truncated). */
const defaultMaxTokensPerExample = 65_536;

function wholeNumber(options: { text: string; flag: string; min: number; max: number }): number {
  const value = Number(options.text);
  if (!Number.isInteger(value) || value < options.min || value > options.max) {
    throw new TuneopsError({ code: "input_invalid", message: `${options.flag}: expected a whole number from ${options.min} to ${options.max}, got "${options.text}"` });
  }
  return value;
}

async function pricesFor(config: string): Promise<PriceTable> {
  // The project's price overrides when there is a project file; the builtin table otherwise.
  const path = resolve(config);
  return existsSync(path) ? loadPrices((await loadProject(path)).config, dirname(path)) : loadPriceTable();
}

export function registerFinetuneEstimate(group: Command, context: CliContext): void {
  group
    .command("estimate")
    .description("Count a JSONL training file's tokens with the model family's tokenizer (chat formatting included) and price the job: billed tokens = tokens x epochs.")
    .argument("<file>", "training data: one chat example per line, OpenAI's format")
    .requiredOption("--model <model>", "the base model to fine-tune, e.g. gpt-4o-mini-2024-07-18")
    .option("--epochs <n>", "training epochs (default: OpenAI's heuristic from the number of examples)")
    .option("--max-tokens-per-example <n>", "tokens of one example beyond which training truncates it", String(defaultMaxTokensPerExample))
    .option("-c, --config <file>", "project file whose `prices:` override the builtin table (used when it exists)", "tuneops.yaml")
    .option("--json", "print JSON")
    .action(async (file: string, flags: EstimateFlags) => {
      const epochs = flags.epochs === undefined ? undefined : wholeNumber({ text: flags.epochs, flag: "--epochs", min: 1, max: 50 });
      const maxTokensPerExample = wholeNumber({ text: flags.maxTokensPerExample, flag: "--max-tokens-per-example", min: 1, max: 10_000_000 });
      const choice = await tokenCounterFor(flags.model);
      const exampleTokens = await countTrainingFile({ path: file, counter: choice.counter, onProgress: (examples) => context.terminal.status(`counting tokens: ${examples.toLocaleString("en-US")} examples`) });
      context.terminal.clearStatus();
      const prices = await pricesFor(flags.config);
      const entry = [prices.lookup(`ft:${flags.model}`), prices.lookup(flags.model)].find((candidate) => candidate?.trainingPerMtok !== undefined);
      const estimate = estimateFineTune({ exampleTokens, ...(epochs === undefined ? {} : { epochs }), maxTokensPerExample, trainingUsdPerMtok: entry?.trainingPerMtok ?? null });
      const priceSource = entry === undefined ? null : `${entry.source}${entry.date ? ` (${entry.date})` : ""}`;
      const sorted = [...exampleTokens].sort((a, b) => a - b);
      const json = {
        file,
        model: flags.model,
        encoding: choice.counter.encoding,
        approximate: choice.approximate,
        tokenizer_note: choice.note,
        examples: estimate.examples,
        dataset_tokens: estimate.datasetTokens,
        tokens_per_example: { min: sorted[0] ?? 0, mean: estimate.datasetTokens / Math.max(1, estimate.examples), max: sorted[sorted.length - 1] ?? 0 },
        max_tokens_per_example: maxTokensPerExample,
        examples_over_limit: estimate.examplesOverLimit,
        billed_tokens_per_epoch: estimate.billedTokensPerEpoch,
        epochs: estimate.epochs,
        epochs_source: estimate.epochsSource,
        billed_tokens: estimate.billedTokens,
        training_price_per_mtok: entry?.trainingPerMtok ?? null,
        price_source: priceSource,
        cost_usd: estimate.costUsd,
      };
      if (flags.json) {
        context.terminal.out(JSON.stringify(json, null, 2));
        return;
      }
      const { terminal } = context;
      const lines = [
        paint(terminal, "bold", `fine-tuning estimate: ${flags.model} on ${file}`),
        `  examples            ${estimate.examples.toLocaleString("en-US")} (tokens per example: min ${json.tokens_per_example.min}, mean ${json.tokens_per_example.mean.toFixed(1)}, max ${json.tokens_per_example.max})`,
        `  tokenizer           ${choice.note}`,
        `  tokens per epoch    ${estimate.billedTokensPerEpoch.toLocaleString("en-US")}${estimate.examplesOverLimit > 0 ? ` (${estimate.examplesOverLimit} example(s) over ${maxTokensPerExample.toLocaleString("en-US")} tokens, billed up to the limit)` : ""}`,
        `  epochs              ${estimate.epochs} (${estimate.epochsSource === "given" ? "--epochs" : "OpenAI's heuristic: target 3, examples x epochs within [100, 25,000]"})`,
        `  billed_tokens       ${estimate.billedTokens.toLocaleString("en-US")}`,
        estimate.costUsd === null
          ? paint(terminal, "yellow", `  cost_usd            unknown: no training price for "${flags.model}" (add training_per_mtok under prices: in tuneops.yaml)`)
          : `  cost_usd            ${usd(estimate.costUsd)} at $${entry?.trainingPerMtok}/M training tokens (${priceSource})`,
      ];
      if (choice.approximate) lines.push(paint(terminal, "yellow", `  note: ${choice.note}`));
      terminal.out(lines.join("\n"));
    });
}
