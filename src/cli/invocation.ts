import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliContext } from "./context.js";

/** This package's folder: the clone, or where npm installed it (found from src or dist). */
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The top-level commands a hint may name; `tuneops <one of these>` in a hint is rewritten for the user's shell. */
const commandNames = ["init", "quickstart", "eval", "runs", "score", "schema", "decide", "finetune", "arena", "serve", "models", "gateway", "logs", "dataset", "worker", "help"];

export interface InvocationOptions {
  /** The shell's search path (`PATH`); undefined when unset. */
  path: string | undefined;
  /** The package whose bin runs when neither `tuneops` nor `npx tuneops` works (default: this one). */
  packageRoot?: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return isFile(path);
  } catch {
    return false;
  }
}

/**
 * Whether the user's shell finds `tuneops`. The node_modules/.bin folders npm puts in front of the
 * PATH of what `npx` and `npm run` start are not the user's: under `npx tuneops` the npx cache's
 * .bin has tuneops, yet typing `tuneops` in the shell would fail.
 */
function onPath(path: string | undefined): boolean {
  if (path === undefined) return false;
  return path.split(delimiter).some((folder) => folder !== "" && !/[\\/]node_modules[\\/]\.bin[\\/]?$/.test(folder) && isExecutable(join(folder, "tuneops")));
}

/**
 * Whether `npx tuneops` run in `dir` finds tuneops without asking the registry: npm runs it from the
 * nearest folder above that has a package.json or node_modules, which must either have tuneops in
 * node_modules/.bin or be tuneops itself (a clone). Anywhere else npx would download whatever package
 * is named tuneops on the public registry, so a hint must never suggest it there.
 */
export function npxFindsTuneops(dir: string): boolean {
  for (let folder = resolve(dir); ; folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    const hasManifest = isFile(manifest);
    let hasModules = false;
    try {
      hasModules = statSync(join(folder, "node_modules")).isDirectory();
    } catch {
      hasModules = false;
    }
    if (hasManifest || hasModules) {
      if (isFile(join(folder, "node_modules", ".bin", "tuneops"))) return true;
      if (!hasManifest) return false;
      try {
        const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown; bin?: unknown };
        const bin = parsed.bin;
        return parsed.name === "tuneops" && (typeof bin === "string" || (typeof bin === "object" && bin !== null && "tuneops" in bin));
      } catch {
        return false;
      }
    }
    if (dirname(folder) === folder) return false;
  }
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The words that run tuneops in `dir`, for hints a user pastes: `tuneops` when it is on the PATH,
 * `npx tuneops` where npx finds it locally (in a clone, or a project that depends on it), and otherwise
 * `node <this package>/bin/tuneops.js`, which works anywhere.
 */
export function tuneopsCommand(dir: string, options: InvocationOptions): string {
  if (onPath(options.path)) return "tuneops";
  if (npxFindsTuneops(dir)) return "npx tuneops";
  return `node ${shellWord(join(options.packageRoot ?? packageRoot, "bin", "tuneops.js"))}`;
}

const mention = new RegExp(`(^|[\\s\`"'(])tuneops (?=(?:${commandNames.join("|")})\\b)`, "g");

/** Rewrites every `tuneops <command>` a text mentions to start with `command` instead. */
export function withTuneopsCommand(text: string, command: string): string {
  return command === "tuneops" ? text : text.replace(mention, (_match, before: string) => `${before}${command} `);
}

/** The words that run tuneops in `dir` (default: where the user is), for the user's environment. */
export function tuneopsIn(context: CliContext, dir: string = process.cwd()): string {
  return tuneopsCommand(dir, { path: context.environment.PATH });
}

/** A message or hint with each `tuneops <command>` it mentions written the way that works in `dir`. */
export function forThisShell(context: CliContext, text: string, dir: string = process.cwd()): string {
  return withTuneopsCommand(text, tuneopsIn(context, dir));
}
