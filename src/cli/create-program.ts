import { Command } from "commander";
import { commandLoaders, type Register } from "./command-loaders.js";
import type { CliContext } from "./context.js";
import { version } from "./version.js";

/**
 * The `tuneops` program with the given commands registered: the CLI builds it with the one command a
 * command line names, the CLI reference (docs/cli.md) with all of them.
 */
export function createProgram(context: CliContext, registers: readonly Register[], options: { helpWidth?: number } = {}): Command {
  const program = new Command("tuneops")
    .description("Evaluate, compare, decide on, fine-tune and operate generative AI models on your own data.")
    .version(version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) });
  // Set before the commands are registered: subcommands copy the help settings when they are created.
  if (options.helpWidth !== undefined) program.configureHelp({ helpWidth: options.helpWidth });
  for (const register of registers) register(program, context);
  return program;
}

/** Every command's registration, in the order `--help` lists them. */
export async function allRegisters(): Promise<Register[]> {
  return Promise.all(commandLoaders.map(([, load]) => load()));
}
