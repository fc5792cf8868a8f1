import type { Command } from "commander";
import { environmentSchema } from "../config/env.js";
import type { CliContext } from "./context.js";
import { allRegisters, createProgram } from "./create-program.js";
import { createTerminal } from "./terminal.js";

/** The command that rewrites docs/cli.md; the staleness test's message names it. */
export const cliReferenceCommand = "npm run docs:cli";

/** Help is wrapped at a fixed width so the reference does not depend on the terminal it was made in. */
const helpWidth = 100;

/**
 * docs/cli.md: the `--help` of `tuneops` and of every command and subcommand, in the order `--help`
 * lists them, exactly as commander prints it. Generated, never edited by hand.
 */
export async function renderCliReference(): Promise<string> {
  const context: CliContext = {
    terminal: createTerminal({ ci: true, noColor: true }),
    environment: environmentSchema.parse({}),
    exitCode: 0,
  };
  const program = createProgram(context, await allRegisters(), { helpWidth });
  const commands = walk(program, []);
  const lines = [
    "# CLI reference",
    "",
    `<!-- Generated from the commands' own --help by \`${cliReferenceCommand}\`; do not edit by hand. -->`,
    "",
    "Every command and subcommand of `tuneops`, with the help it prints (`tuneops COMMAND --help`). The",
    "guides in this folder explain what the commands are for; exit codes are 0 ok, 1 a gate failed, 2",
    "bad input or configuration, 3 a runtime failure.",
    "",
    ...commands.map(({ path }) => `- [\`${path.join(" ")}\`](#${anchor(path)})`),
    "",
  ];
  for (const { path, command } of commands) {
    lines.push(`## ${path.join(" ")}`, "", "```text", command.helpInformation().trimEnd(), "```", "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

interface CommandEntry {
  path: string[];
  command: Command;
}

function walk(command: Command, parents: string[]): CommandEntry[] {
  const path = [...parents, command.name()];
  return [{ path, command }, ...command.commands.flatMap((child) => walk(child, path))];
}

/** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
function anchor(path: readonly string[]): string {
  return path
    .join(" ")
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, "")
    .replace(/ /g, "-");
}
