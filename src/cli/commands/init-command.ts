import { copyFile, mkdir, readdir, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { packageRoot, tuneopsIn } from "../invocation.js";

/** The example project shipped with the package (examples/quickstart), found from src or dist. */
export const exampleDir = fileURLToPath(new URL("../../../examples/quickstart/", import.meta.url));

/** What a folder may hold and still count as empty: a fresh `git init` is a fine place for a project. */
const ignoredEntries = new Set([".git"]);

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command("init")
    .description("Create a working example project (tuneops.yaml, datasets, prompts) in a folder.")
    .argument("[dir]", "folder to create it in", ".")
    .option("--force", "write into a folder that is not empty, overwriting the example's files there (others are kept)")
    .action(async (dir: string, flags: { force?: boolean }) => {
      const target = resolve(dir);
      const scaffold = await scaffoldExample(target, { force: flags.force === true, retry: `tuneops init ${dir} --force` });
      const command = tuneopsIn(context, target);
      const overwrote = scaffold.overwritten.length === 0 ? "" : `, overwriting ${listed(scaffold.overwritten)}`;
      const lines = [`created a tuneops project in ${target} (${scaffold.written.length} files${overwrote})`, "", "next:"];
      if (target !== process.cwd()) lines.push(`  cd ${dir}`);
      lines.push(`  ${command} eval            # evaluate every suite (offline baselines)`, `  ${command} runs list       # see stored runs`);
      const tip = pathTip(command);
      if (tip) lines.push("", tip);
      context.terminal.out(lines.join("\n"));
    });
}

/** When hints must spell out `node .../bin/tuneops.js`, how to make `tuneops` itself work. */
export function pathTip(command: string): string | undefined {
  if (command === "tuneops" || command === "npx tuneops") return undefined;
  const globalInstall = /[\\/]lib[\\/]node_modules[\\/]tuneops[\\/]?$/.exec(packageRoot);
  if (globalInstall) return `tuneops is not on your PATH: add ${join(packageRoot, "..", "..", "..", "bin")} to it to type just \`tuneops\``;
  return `tuneops is not on your PATH: \`npm install -g ${packageRoot.replace(/[\\/]$/, "")}\` puts it there (then type just \`tuneops\`)`;
}

export interface ScaffoldOptions {
  /** Write into a folder that is not empty, overwriting the example's files there. */
  force: boolean;
  /** The command that would do it with force, for the error's hint. */
  retry: string;
}

export interface Scaffold {
  /** Every file written, relative to the target, with `/` separators. */
  written: string[];
  /** The ones that replaced a file already there. */
  overwritten: string[];
}

async function filesUnder(root: string, folder = root): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== ".tuneops" && entry.name !== "reports") files.push(...(await filesUnder(root, path)));
    } else if (entry.isFile()) files.push(relative(root, path).split(sep).join("/"));
  }
  return files.sort();
}

async function kindOf(path: string): Promise<"file" | "directory" | "other" | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? "file" : info.isDirectory() ? "directory" : "other";
  } catch {
    return undefined;
  }
}

/** The user's entries the example does not have: at the top, and inside the example's own folders (data/, docs/). */
async function othersIn(target: string, present: readonly string[], files: ReadonlySet<string>): Promise<string[]> {
  const folders = new Set([...files].filter((file) => file.includes("/")).map((file) => file.slice(0, file.indexOf("/"))));
  const others: string[] = [];
  for (const name of present) {
    if (folders.has(name) && (await kindOf(join(target, name))) === "directory") {
      for (const inner of (await readdir(join(target, name))).sort()) if (!files.has(`${name}/${inner}`)) others.push(`${name}/${inner}`);
    } else if (!files.has(name)) others.push(name);
  }
  return others;
}

function listed(names: readonly string[], limit = 8): string {
  const shown = names.slice(0, limit).join(", ");
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown;
}

/**
 * Copies the example project into `target`. A folder that already holds anything (a `.git` aside) is
 * left untouched unless `force` is set: the error lists what would be overwritten, what added, and
 * what of the user's would stay, so nothing is silently kept or replaced.
 */
export async function scaffoldExample(target: string, options: ScaffoldOptions): Promise<Scaffold> {
  const targetKind = await kindOf(target);
  if (targetKind !== undefined && targetKind !== "directory") {
    throw new TuneopsError({ code: "input_invalid", message: `${target} exists and is not a folder; nothing was changed`, location: { file: target }, hint: "Choose a folder: `tuneops init my-project`." });
  }
  const files = await filesUnder(exampleDir);
  const overwrite: string[] = [];
  const blocked: string[] = [];
  for (const file of files) {
    const kind = await kindOf(join(target, file));
    if (kind === "file") overwrite.push(file);
    else if (kind !== undefined) blocked.push(`${file} (a ${kind === "directory" ? "folder" : "special file"} there)`);
    else {
      // A parent of the file that exists as a file (e.g. `data`) blocks it too.
      for (let parent = dirname(file); parent !== "."; parent = dirname(parent)) {
        if ((await kindOf(join(target, parent))) === "file") {
          blocked.push(`${file} (${parent} is a file there)`);
          break;
        }
      }
    }
  }
  const present = targetKind === "directory" ? (await readdir(target)).filter((name) => !ignoredEntries.has(name)).sort() : [];
  const theirs = await othersIn(target, present, new Set(files));
  if (blocked.length > 0) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `${target}: the example cannot be written there; nothing was changed\n  in the way: ${listed(blocked)}`,
      location: { file: target },
      hint: "Move those aside, or choose an empty folder: `tuneops init my-project`.",
    });
  }
  if (present.length > 0 && !options.force) {
    const adds = files.length - overwrite.length;
    const lines = [`${target} is not empty; nothing was changed`];
    if (overwrite.length > 0) lines.push(`  would overwrite ${overwrite.length} of its files: ${listed(overwrite)}`);
    if (adds > 0) lines.push(`  would add ${adds} ${adds === 1 ? "file" : "files"}: ${listed(files.filter((file) => !overwrite.includes(file)), 4)}`);
    if (theirs.length > 0) lines.push(`  would keep as they are: ${listed(theirs)}`);
    throw new TuneopsError({
      code: "input_invalid",
      message: lines.join("\n"),
      location: { file: target },
      hint: `Run \`${options.retry}\` to write the example anyway${overwrite.length > 0 ? ` (replacing those ${overwrite.length} files)` : ""}, or choose an empty folder: \`tuneops init my-project\`.`,
    });
  }
  for (const file of files) {
    const destination = join(target, file);
    await mkdir(dirname(destination), { recursive: true });
    await copyFile(join(exampleDir, file), destination);
  }
  return { written: files, overwritten: overwrite };
}

export async function exists(path: string): Promise<boolean> {
  return (await kindOf(path)) !== undefined;
}
