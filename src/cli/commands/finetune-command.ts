import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerFinetuneConvert } from "./finetune-convert-command.js";
import { registerFinetuneEstimate } from "./finetune-estimate-command.js";
import { registerFinetuneJobs } from "./finetune-jobs-command.js";
import { registerFinetuneStart } from "./finetune-start-command.js";
import { registerFinetuneValidate } from "./finetune-validate-command.js";

/** `tuneops finetune ...`: one register call per subcommand file. */
export function registerFinetuneCommand(program: Command, context: CliContext): void {
  const group = program.command("finetune").description("Fine-tuning: check and convert training data, estimate its cost, run jobs and follow them.");
  registerFinetuneValidate(group, context);
  registerFinetuneConvert(group, context);
  registerFinetuneEstimate(group, context);
  registerFinetuneStart(group, context);
  registerFinetuneJobs(group, context);
}
