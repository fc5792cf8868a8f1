import { readFile, stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { datasetExtensions } from "../data/dataset-format.js";
import type { ProjectConfig } from "./project-schema.js";
import type { IssueProblem } from "./describe-issue.js";

type PathKind = "file" | "folder" | "missing";

async function pathKind(path: string): Promise<PathKind> {
  try {
    return (await stat(path)).isDirectory() ? "folder" : "file";
  } catch {
    return "missing";
  }
}

interface PathRule {
  path: PropertyKey[];
  value: string;
  kind: "file" | "folder";
  /** Allowed extensions (lower case, with the dot); any when absent. */
  extensions?: readonly string[];
}

const promptExtensions = [".txt", ".md", ".liquid", ".json", ".yaml", ".yml"];
const scriptExtensions = [".js", ".mjs", ".cjs", ".ts", ".mts"];

/** Every file or folder the project names, with the field that names it. */
function pathRules(config: ProjectConfig): PathRule[] {
  const rules: PathRule[] = [];
  for (const [name, dataset] of Object.entries(config.datasets)) {
    rules.push({ path: ["datasets", name, "path"], value: dataset.path, kind: "file", extensions: datasetExtensions });
    if (dataset.train !== undefined) rules.push({ path: ["datasets", name, "train"], value: dataset.train, kind: "file", extensions: datasetExtensions });
  }
  for (const [name, prompt] of Object.entries(config.prompts)) {
    if (typeof prompt === "object" && "file" in prompt) rules.push({ path: ["prompts", name, "file"], value: prompt.file, kind: "file", extensions: promptExtensions });
  }
  for (const [name, provider] of Object.entries(config.providers)) {
    if (provider.type === "script") rules.push({ path: ["providers", name, "path"], value: provider.path, kind: "file", extensions: scriptExtensions });
  }
  for (const [name, retriever] of Object.entries(config.retrievers)) {
    if (retriever.type === "bm25") rules.push({ path: ["retrievers", name, "path"], value: retriever.path, kind: "folder" });
  }
  for (const [suiteName, suite] of Object.entries(config.evals)) {
    suite.scorers.forEach((scorer, index) => {
      if (scorer.type === "json-schema" && scorer.file !== undefined) {
        rules.push({ path: ["evals", suiteName, "scorers", index, "file"], value: scorer.file, kind: "file", extensions: [".json"] });
      }
    });
  }
  return rules;
}

async function checkRule(rule: PathRule, dir: string): Promise<IssueProblem | undefined> {
  const absolute = resolve(dir, rule.value);
  if (rule.extensions && rule.kind === "file") {
    const extension = extname(rule.value).toLowerCase();
    if (!rule.extensions.includes(extension)) {
      return { path: rule.path, message: `unsupported extension "${extension || "(none)"}" in ${rule.value}; expected ${rule.extensions.join(", ")}` };
    }
  }
  const kind = await pathKind(absolute);
  if (kind === "missing") return { path: rule.path, message: `${rule.kind} not found: ${rule.value} (looked for ${absolute}; paths are relative to the project file)` };
  if (kind !== rule.kind) return { path: rule.path, message: `expected a ${rule.kind}, but ${rule.value} is a ${kind}` };
  if (rule.path[rule.path.length - 1] === "file" && rule.path[0] === "evals") {
    try {
      JSON.parse(await readFile(absolute, "utf8"));
    } catch (error) {
      return { path: rule.path, message: `${rule.value} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return undefined;
}

/** Checks that every file and folder the project names exists, relative to the project's folder. */
export async function checkProjectPaths(options: { config: ProjectConfig; dir: string }): Promise<IssueProblem[]> {
  const results = await Promise.all(pathRules(options.config).map((rule) => checkRule(rule, options.dir)));
  return results.filter((problem): problem is IssueProblem => problem !== undefined);
}

/** Resolves a path written in the project file against the project's folder. */
export function resolveProjectPath(options: { dir: string; path: string }): string {
  return resolve(options.dir, options.path);
}
