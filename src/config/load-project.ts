import { readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import { TuneopsError } from "../spec/errors.js";
import { checkInterpolation } from "./check-interpolation.js";
import { checkProjectPaths } from "./check-paths.js";
import { checkProjectReferences } from "./check-references.js";
import { ConfigError, type ConfigProblem } from "./config-error.js";
import { describeIssue, type IssueProblem } from "./describe-issue.js";
import { projectSchema, type ProjectConfig } from "./project-schema.js";
import { keyPosition, pathPosition } from "./yaml-positions.js";

/** A validated project file. Paths inside `config` are as written; resolve them against `dir`. */
export interface LoadedProject {
  /** Absolute path of the project file. */
  path: string;
  /** Absolute folder of the project file: the base of every relative path in it. */
  dir: string;
  config: ProjectConfig;
}

export const projectFileName = "tuneops.yaml";

const initHint = 'run "tuneops init" to create one';

async function readProjectText(options: { absolute: string; display: string }): Promise<string> {
  try {
    return await readFile(options.absolute, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new TuneopsError({
      code: "config_invalid",
      message: missing ? `${options.display}: project file not found` : `${options.display}: cannot read the project file: ${(error as Error).message}`,
      location: { file: options.display },
      ...(missing ? { hint: initHint } : {}),
      cause: error,
    });
  }
}

/** The first line of a yaml error message, without the position it repeats. */
function yamlMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (first.includes("multiple documents")) return "a project file holds one YAML document; remove the second `---`";
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

function syntaxProblems(options: { document: Document; display: string }): ConfigProblem[] {
  return options.document.errors.map((error) => ({
    file: options.display,
    line: error.linePos?.[0].line ?? 1,
    column: error.linePos?.[0].col ?? 1,
    field: "",
    message: `YAML syntax error: ${yamlMessage(error.message)}`,
  }));
}

function placeProblem(options: { problem: IssueProblem; document: Document; lineCounter: LineCounter; display: string }): ConfigProblem {
  const { problem, document, lineCounter, display } = options;
  const path = problem.path.filter((segment): segment is string | number => typeof segment !== "symbol");
  const position = (problem.atKey ? keyPosition({ document, lineCounter, path }) : undefined) ?? pathPosition({ document, lineCounter, path });
  return { file: display, line: position.line, column: position.column, field: path.join("."), message: problem.message };
}

/**
 * Reads, validates and cross-checks a project file. Every problem found is reported at once in one
 * `ConfigError` (code `config_invalid`) with file, line, column and field. A folder means its
 * `tuneops.yaml`.
 */
export async function loadProject(path: string): Promise<LoadedProject> {
  let absolute = resolve(path);
  let display = path;
  if (await stat(absolute).then((stats) => stats.isDirectory(), () => false)) {
    absolute = join(absolute, projectFileName);
    display = join(path, projectFileName);
  }
  const dir = dirname(absolute);
  const text = await readProjectText({ absolute, display });
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntax = syntaxProblems({ document, display });
  if (syntax.length > 0) throw new ConfigError({ file: display, problems: syntax });

  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // An alias that cannot be resolved, or one expanded too often (a "billion laughs" file).
    throw new ConfigError({ file: display, problems: [{ file: display, line: 1, column: 1, field: "", message: `YAML error: ${(error as Error).message}` }] });
  }
  if (data === null || data === undefined) {
    throw new ConfigError({
      file: display,
      problems: [{ file: display, line: 1, column: 1, field: "", message: "the file is empty; it needs at least `project: <name>`" }],
      hint: initHint,
    });
  }
  const place = (problem: IssueProblem): ConfigProblem => placeProblem({ problem, document, lineCounter, display });
  const problems: ConfigProblem[] = checkInterpolation(data).map(place);
  // A `${VAR}` also fails its field's type check; the interpolation message is the one that helps.
  const interpolated = new Set(problems.map((problem) => problem.field));
  const parsed = projectSchema.safeParse(data);
  if (!parsed.success) {
    const schemaProblems = parsed.error.issues.flatMap((issue) => describeIssue(issue, { schema: projectSchema, data })).map(place);
    problems.push(...schemaProblems.filter((problem) => !interpolated.has(problem.field)));
    throw new ConfigError({ file: display, problems });
  }
  const config = parsed.data;
  problems.push(...checkProjectReferences(config).map(place));
  problems.push(...(await checkProjectPaths({ config, dir })).map(place));
  if (problems.length > 0) throw new ConfigError({ file: display, problems });
  return { path: absolute, dir, config };
}
