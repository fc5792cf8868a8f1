import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerFinetuneConvert } from "./finetune-convert-command.js";
import { registerFinetuneJobs } from "./finetune-jobs-command.js";
import { registerFinetuneStart } from "./finetune-start-command.js";
import { registerFinetuneValidate } from "./finetune-validate-command.js";

/** `tuneops finetune ...`: one register call per subcommand file. */
export function registerFinetuneCommand(program: Command, context: CliContext): void {
  const group = program.command("finetune").description("Fine-tuning: prepare and check training data, run jobs and follow them.");
  registerFinetuneValidate(group, context);
  registerFinetuneConvert(group, context);
  registerFinetuneStart(group, context);
  registerFinetuneJobs(group, context);
}
