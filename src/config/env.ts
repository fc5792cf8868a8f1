import { z } from "zod";
import { TuneopsError } from "../spec/errors.js";

/** A variable set to the empty string counts as unset, as shells and CI files often leave them so. */
const optionalText = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

function urlWithScheme(schemes: readonly string[], example: string) {
  return z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .refine((value) => schemes.some((scheme) => value.startsWith(`${scheme}://`)) && URL.canParse(value), {
        message: `expected a URL like ${example}`,
      })
      .optional(),
  );
}

/**
 * The environment tuneops reads, parsed once. Everything else a user configures lives in tuneops.yaml,
 * so a run is reproducible from its config snapshot; the environment only says where shared services
 * are, what the terminal can do, and (through `readSecret`) the API keys the config names.
 */
export const environmentSchema = z.object({
  /** Store results in PostgreSQL instead of the embedded SQLite file: for teams and several workers. */
  TUNEOPS_DATABASE_URL: urlWithScheme(["postgres", "postgresql"], "postgres://user:password@host:5432/tuneops"),
  /** Distribute work through BullMQ on Redis and share gateway state between replicas. */
  TUNEOPS_REDIS_URL: urlWithScheme(["redis", "rediss"], "redis://localhost:6379"),
  /** A local GGUF model file: lets the llama.cpp tests and the quickstart run a real model offline. */
  TUNEOPS_GGUF: optionalText,
  /** Set by CI systems: plain-line output instead of progress bars, and no prompts for input. */
  CI: z.preprocess((value) => value !== undefined && value !== "" && value !== "0" && value !== "false", z.boolean()),
  /**
   * The width tables are fitted to when output goes to a pipe or a file (a terminal reports its own
   * width). Unset or not a positive whole number: tables keep their natural width.
   */
  COLUMNS: z.preprocess((value) => {
    const columns = Number(value);
    return value !== undefined && value !== "" && Number.isInteger(columns) && columns > 0 ? columns : undefined;
  }, z.number().optional()),
  /** no-color.org: any non-empty value turns colour off. */
  NO_COLOR: z.preprocess((value) => value !== undefined && value !== "", z.boolean()),
  /**
   * How long, in seconds, an eval tries again to write results that the store refuses (a database that
   * restarts, fails over or is unreachable) before it stops the run, resumable. Default 60.
   */
  TUNEOPS_STORE_RETRY_SECONDS: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().min(0).max(86_400).optional()),
  /** Where tuneops keeps state that is not a project's (model downloads, caches); default ~/.tuneops. */
  TUNEOPS_HOME: optionalText,
  /** The shell's search path: hints say `tuneops ...` only when it finds tuneops there (src/cli/invocation.ts). */
  PATH: optionalText,
});

export type Environment = z.infer<typeof environmentSchema>;

/** Parses an environment; exported for tests and for tools that pass one explicitly. */
export function parseEnvironment(source: Readonly<Record<string, string | undefined>>): Environment {
  const parsed = environmentSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  const first = parsed.error.issues[0];
  throw new TuneopsError({
    code: "config_invalid",
    message: `invalid environment variable${problems.length === 1 ? "" : "s"}: ${problems.join("; ")}`,
    ...(first ? { location: { field: first.path.join(".") } } : {}),
    hint: "fix or unset the variable",
  });
}

let cached: Environment | undefined;

/** The process environment, parsed on first use and then kept: it does not change during a run. */
export function environment(): Environment {
  cached ??= parseEnvironment(process.env);
  return cached;
}

/**
 * The value of a variable the project file names in `api_key_env`. Secrets are read at the moment of
 * use, never copied into the config, a run's snapshot or an error message. Empty counts as unset.
 */
export function readSecret(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** Whether a variable is set and non-empty (for `tuneops doctor`-style checks that must not read it). */
export function environmentHas(name: string): boolean {
  return readSecret(name) !== undefined;
}
