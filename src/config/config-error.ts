import { TuneopsError } from "../spec/errors.js";

/** One problem found in a project file, placed where the user has to look. */
export interface ConfigProblem {
  /** The file as the user named it (or as a path relative to the project file). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Dotted path of the field, e.g. `providers.gpt.model`; empty for the file as a whole. */
  field: string;
  /** What is wrong and what was expected. */
  message: string;
}

/** `tuneops.yaml:14:7 providers.gpt.model: expected a string, got a number`. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const place = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.field ? `${place} ${problem.field}: ${problem.message}` : `${place} ${problem.message}`;
}

/**
 * Every problem of a project file at once, so a user fixes them in one pass instead of one per run.
 * The message lists them all; `problems` keeps them as data for editors and `--json` output.
 */
export class ConfigError extends TuneopsError {
  readonly problems: readonly ConfigProblem[];

  constructor(options: { file: string; problems: readonly ConfigProblem[]; hint?: string }) {
    const problems = [...options.problems].sort((a, b) => a.line - b.line || a.column - b.column);
    const first = problems[0];
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super({
      code: "config_invalid",
      message: `${options.file}: ${count}\n${problems.map((problem) => `  ${formatConfigProblem(problem)}`).join("\n")}`,
      location: first ? { file: first.file, line: first.line, column: first.column, field: first.field || undefined } : { file: options.file },
      ...(options.hint === undefined ? {} : { hint: options.hint }),
    });
    this.name = "ConfigError";
    this.problems = problems;
  }
}
