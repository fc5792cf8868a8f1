import { cp, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";

/** The example project shipped with the package (examples/quickstart), found from src or dist. */
export const exampleDir = fileURLToPath(new URL("../../../examples/quickstart/", import.meta.url));

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command("init")
    .description("Create a working example project (tuneops.yaml, datasets, prompts) in a folder.")
    .argument("[dir]", "folder to create it in", ".")
    .action(async (dir: string) => {
      const target = resolve(dir);
      await scaffoldExample(target);
      context.terminal.out(`created a tuneops project in ${target}\n\nnext:\n  cd ${dir}\n  npx tuneops eval            # evaluate every suite (offline baselines)\n  npx tuneops runs list       # see stored runs`);
    });
}

export async function scaffoldExample(target: string): Promise<void> {
  if (await exists(join(target, "tuneops.yaml"))) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `${join(target, "tuneops.yaml")} already exists; nothing was changed`,
      hint: "Choose another folder: `tuneops init my-project`.",
    });
  }
  await cp(exampleDir, target, { recursive: true, errorOnExist: false, force: false, filter: (source) => !source.includes(".tuneops") });
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
