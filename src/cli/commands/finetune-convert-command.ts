import { resolve } from "node:path";
import type { Command } from "commander";
import { convertTrainingData } from "../../finetune/data/convert-training-data.js";
import { isTrainingFormat, trainingFormats, type TrainingFormat } from "../../finetune/data/training-format.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";

export function registerFinetuneConvert(finetune: Command, context: CliContext): void {
  finetune
    .command("convert")
    .description("Convert training data between OpenAI chat, OpenAI preference and TRL preference (prompt/chosen/rejected) JSONL.")
    .argument("<in>", "training file (JSONL)")
    .argument("<out>", "file to write (written only if every example converts)")
    .requiredOption("--to <format>", `target format: ${trainingFormats.join(", ")}`)
    .option("--from <format>", "source format (default: detected from the first example)")
    .option("--json", "print JSON")
    .action(async (input: string, output: string, flags: { to: string; from?: string; json?: boolean }) => {
      const to = formatFlag("--to", flags.to);
      const from = flags.from === undefined ? undefined : formatFlag("--from", flags.from);
      const result = await convertTrainingData({ input: resolve(input), output: resolve(output), to, ...(from ? { from } : {}) });
      if (flags.json) context.terminal.out(JSON.stringify({ ...result, output }, null, 2));
      else context.terminal.out(`converted ${result.examples} example(s) from ${result.from} to ${result.to}: ${output}`);
    });
}

function formatFlag(flag: string, value: string): TrainingFormat {
  if (isTrainingFormat(value)) return value;
  throw new TuneopsError({ code: "input_invalid", message: `${flag} ${value} is not a training format`, location: { field: flag }, hint: `Use one of ${trainingFormats.join(", ")}.` });
}
