import { CommanderError } from "commander";
import { environment as readEnvironment, type Environment } from "../config/env.js";
import { exitCodeFor, exitCodes, formatLocation, isTuneopsError, isUserError } from "../spec/errors.js";
import { loadersFor } from "./command-loaders.js";
import type { CliContext } from "./context.js";
import { forThisShell } from "./invocation.js";
import { createProgram } from "./create-program.js";
import { createTerminal, paint } from "./terminal.js";

/** The composition root: parses the command line, wires engines to adapters, maps errors to exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  let environment: Environment;
  try {
    environment = readEnvironment();
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.badInput;
  }
  const terminal = createTerminal({ ci: environment.CI, noColor: environment.NO_COLOR, columns: environment.COLUMNS });
  const context: CliContext = { terminal, environment, exitCode: exitCodes.ok };
  const program = createProgram(context, await Promise.all(loadersFor(argv).map(([, load]) => load())));
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
    const message = forThisShell(context, where && !named ? `${where}: ${error.message}` : error.message);
    terminal.err(`${paint(terminal, "red", `${prefix}:`)} ${message}`);
    // Hints name commands as `tuneops ...`; the user gets them as they must type them here.
    if (error.hint) terminal.err(`${paint(terminal, "dim", "hint:")} ${forThisShell(context, error.hint)}`);
    if (error.code === "internal" && error.stack) terminal.err(error.stack);
    return exitCodeFor(error.code);
  }
  terminal.err(`${paint(terminal, "red", "internal error:")} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  terminal.err("This is a bug in tuneops; please report it with the command you ran.");
  return exitCodes.runtimeFailure;
}
