import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerFinetuneEstimate } from "./finetune-estimate-command.js";

export function registerFinetuneCommand(program: Command, context: CliContext): void {
  const group = program.command("finetune").description("Fine-tuning: estimate the cost of a training file before any job runs.");
  registerFinetuneEstimate(group, context);
}
