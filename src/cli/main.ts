import { Command, CommanderError } from "commander";
import { environment as readEnvironment, type Environment } from "../config/env.js";
import { exitCodeFor, exitCodes, formatLocation, isTuneopsError, isUserError } from "../spec/errors.js";
import { registerDatasetCommand } from "./commands/dataset-command.js";
import { registerDecideCommand } from "./commands/decide-command.js";
import { registerArenaCommand } from "./commands/arena-command.js";
import { registerEvalCommand } from "./commands/eval-command.js";
import { registerFinetuneCommand } from "./commands/finetune-command.js";
import { registerGatewayCommand } from "./commands/gateway-command.js";
import { registerLogsCommand } from "./commands/logs-command.js";
import { registerInitCommand } from "./commands/init-command.js";
import { registerModelsCommand } from "./commands/models-command.js";
import { registerQuickstartCommand } from "./commands/quickstart-command.js";
import { registerRunsCommand } from "./commands/runs-command.js";
import { registerSchemaCommand } from "./commands/schema-command.js";
import { registerScoreCommand } from "./commands/score-command.js";
import { registerServeCommand } from "./commands/serve-command.js";
import type { CliContext } from "./context.js";
import { createTerminal, paint } from "./terminal.js";
import { version } from "./version.js";

/** The composition root: parses the command line, wires engines to adapters, maps errors to exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  let environment: Environment;
  try {
    environment = readEnvironment();
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.badInput;
  }
  const terminal = createTerminal({ ci: environment.CI, noColor: environment.NO_COLOR });
  const context: CliContext = { terminal, environment, exitCode: exitCodes.ok };
  const program = new Command("tuneops")
    .description("Evaluate, compare, decide on, fine-tune and operate generative AI models on your own data.")
    .version(version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) });
  registerInitCommand(program, context);
  registerQuickstartCommand(program, context);
  registerEvalCommand(program, context);
  registerRunsCommand(program, context);
  registerScoreCommand(program, context);
  registerSchemaCommand(program, context);
  registerDecideCommand(program, context);
  registerFinetuneCommand(program, context);
  registerArenaCommand(program, context);
  registerServeCommand(program, context);
  registerModelsCommand(program, context);
  registerGatewayCommand(program, context);
  registerLogsCommand(program, context);
  registerDatasetCommand(program, context);
  try {
    await program.parseAsync([...argv]);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
    }
    return reportError(context, error);
  }
}

function reportError(context: CliContext, error: unknown): number {
  const { terminal } = context;
  if (isTuneopsError(error)) {
    const where = formatLocation(error.location);
    const prefix = isUserError(error.code) ? "error" : `error (${error.code})`;
    const named =
      error.message.includes(where) ||
      (error.location?.file !== undefined && error.message.includes(error.location.file)) ||
      (error.location?.field !== undefined && error.message.includes(error.location.field));
    const message = where && !named ? `${where}: ${error.message}` : error.message;
    terminal.err(`${paint(terminal, "red", `${prefix}:`)} ${message}`);
    if (error.hint) terminal.err(`${paint(terminal, "dim", "hint:")} ${error.hint}`);
    if (error.code === "internal" && error.stack) terminal.err(error.stack);
    return exitCodeFor(error.code);
  }
  terminal.err(`${paint(terminal, "red", "internal error:")} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  terminal.err("This is a bug in tuneops; please report it with the command you ran.");
  return exitCodes.runtimeFailure;
}
