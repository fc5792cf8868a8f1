import { access } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { TuneopsError } from "../../spec/errors.js";
import type { ScriptFunction } from "./script-function.js";

/** Imports a module by file URL; injected so tests can stand in for Node's loader. */
export type ModuleImporter = (url: string) => Promise<unknown>;

export interface LoadScriptFunctionOptions {
  /** Absolute path of the module (see `resolveScriptPath`). */
  path: string;
  exportName: string;
  importModule?: ModuleImporter;
  /** Imports a TypeScript module; default: tsx's `tsImport` where tsx is installed, else Node's own loader. */
  importTypeScript?: ModuleImporter;
}

const javaScriptExtensions = new Set([".js", ".mjs", ".cjs"]);
const typeScriptExtensions = new Set([".ts", ".mts", ".cts"]);

export function resolveScriptPath(options: { path: string; baseDir?: string }): string {
  return resolve(options.baseDir ?? process.cwd(), options.path);
}

/**
 * Loads the user's function. Every failure here is the user's to fix (`input_invalid`, naming the file
 * and the export), so it surfaces once, before a run starts, not as one error per case.
 */
export async function loadScriptFunction(options: LoadScriptFunctionOptions): Promise<ScriptFunction> {
  const { path, exportName } = options;
  const extension = extname(path).toLowerCase();
  const isTypeScript = typeScriptExtensions.has(extension);
  if (!isTypeScript && !javaScriptExtensions.has(extension)) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `Script provider module ${path} has extension "${extension}"; expected .js, .mjs, .cjs or .ts.`,
      location: { file: path },
    });
  }
  try {
    await access(path);
  } catch (cause) {
    throw new TuneopsError({ code: "input_invalid", message: `Script provider module ${path} does not exist or cannot be read.`, location: { file: path }, cause });
  }

  const url = pathToFileURL(path).href;
  const importer = isTypeScript ? (options.importTypeScript ?? importTypeScriptModule) : (options.importModule ?? importModule);
  let loaded: unknown;
  try {
    loaded = await importer(url);
  } catch (cause) {
    if (isTypeScript && errorCode(cause) === "ERR_UNKNOWN_FILE_EXTENSION") {
      throw new TuneopsError({
        code: "input_invalid",
        message: `Script provider module ${path} is TypeScript, which this Node.js (${process.version}) cannot load by itself.`,
        location: { file: path },
        hint: "Compile it to .mjs (e.g. `npx tsc`), install tsx next to tuneops (`npm install tsx`), or use Node.js 22.18 or later.",
        cause,
      });
    }
    throw new TuneopsError({
      code: "input_invalid",
      message: `Script provider module ${path} failed to load: ${cause instanceof Error ? cause.message : String(cause)}`,
      location: { file: path },
      cause,
    });
  }

  const exports = isRecord(loaded) ? loaded : {};
  if (!(exportName in exports)) {
    const available = Object.keys(exports);
    throw new TuneopsError({
      code: "input_invalid",
      message: `Script provider module ${path} has no export "${exportName}".`,
      location: { file: path, field: "export" },
      hint: available.length > 0 ? `Exports found: ${available.join(", ")}. Set \`export\` to one of them.` : "The module exports nothing.",
    });
  }
  const candidate = exports[exportName];
  if (typeof candidate !== "function") {
    throw new TuneopsError({
      code: "input_invalid",
      message: `Export "${exportName}" of ${path} is a ${typeof candidate}, not a function.`,
      location: { file: path, field: "export" },
      hint: "Export a function (input) => string | { output, usage? }, sync or async.",
    });
  }
  return candidate as ScriptFunction;
}

async function importModule(url: string): Promise<unknown> {
  return import(url);
}

/**
 * Node 20 cannot import .ts. tsx is an optional peer: when it is installed its `tsImport` loads the file;
 * otherwise Node's own loader is tried (it strips types from 22.18 on, and test runners transform TS).
 */
async function importTypeScriptModule(url: string): Promise<unknown> {
  const tsxApi = await importOptional("tsx/esm/api");
  const tsImport = isRecord(tsxApi) ? tsxApi["tsImport"] : undefined;
  if (typeof tsImport === "function") {
    const loaded: unknown = await tsImport(url, import.meta.url);
    return loaded;
  }
  return importModule(url);
}

async function importOptional(specifier: string): Promise<unknown> {
  try {
    const loaded: unknown = await import(specifier);
    return loaded;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function errorCode(error: unknown): unknown {
  return isRecord(error) ? error["code"] : undefined;
}
