import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerFinetuneConvert } from "./finetune-convert-command.js";
import { registerFinetuneJobs } from "./finetune-jobs-command.js";
import { registerFinetuneStart } from "./finetune-start-command.js";
import { registerFinetuneValidate } from "./finetune-validate-command.js";

/** `tuneops finetune ...`: one register call per subcommand file. */
export function registerFinetuneCommand(program: Command, context: CliContext): void {
  const finetune = program.command("finetune").description("Prepare training data, run fine-tuning jobs and follow them.");
  registerFinetuneValidate(finetune, context);
  registerFinetuneConvert(finetune, context);
  registerFinetuneStart(finetune, context);
  registerFinetuneJobs(finetune, context);
}
