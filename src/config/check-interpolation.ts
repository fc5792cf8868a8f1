import type { IssueProblem } from "./describe-issue.js";

/**
 * Fields that hold free text (templates, code, patterns) where `${...}` may be meant literally, e.g. a
 * JavaScript template literal in a scorer expression.
 */
const freeTextKeys = new Set(["prompts", "prompt", "text", "content", "messages", "expression", "pattern", "value", "values", "query", "response", "description"]);

const interpolation = /\$\{[^}]*\}/;

/**
 * tuneops.yaml is read as written: `${VAR}` is not replaced by the environment. Secrets go through
 * `api_key_env` (the variable's name), so nothing secret ever sits in the file or in a run's config
 * snapshot. Reports every `${...}` outside free-text fields so it is not sent somewhere literally.
 */
export function checkInterpolation(data: unknown, path: PropertyKey[] = []): IssueProblem[] {
  if (path.some((segment) => typeof segment === "string" && freeTextKeys.has(segment))) return [];
  if (typeof data === "string") {
    const match = interpolation.exec(data);
    if (!match) return [];
    const name = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(match[0])?.[1];
    const fix = path[path.length - 1] === "api_key_env" && name ? `write the variable's name: api_key_env: ${name}` : "secrets go through `api_key_env: VARIABLE_NAME`";
    return [{ path, message: `environment variables are not interpolated in tuneops.yaml (found ${match[0]}); ${fix}` }];
  }
  if (Array.isArray(data)) return data.flatMap((item, index) => checkInterpolation(item, [...path, index]));
  if (typeof data === "object" && data !== null) {
    return Object.entries(data).flatMap(([key, value]) => checkInterpolation(value, [...path, key]));
  }
  return [];
}
