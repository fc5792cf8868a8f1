import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { projectJsonSchema } from "../../config/json-schema.js";
import type { CliContext } from "../context.js";

export function registerSchemaCommand(program: Command, context: CliContext): void {
  program
    .command("schema")
    .description("Print the JSON Schema of tuneops.yaml (for editors: yaml-language-server, VS Code).")
    .option("--out <file>", "write it to a file instead")
    .action(async (flags: { out?: string }) => {
      const text = `${JSON.stringify(projectJsonSchema(), null, 2)}\n`;
      if (!flags.out) {
        context.terminal.out(text);
        return;
      }
      const path = resolve(flags.out);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
      context.terminal.err(`wrote ${path}`);
    });
}
