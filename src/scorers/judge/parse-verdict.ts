import type { z } from "zod";

/**
 * Finds every top-level JSON object in free text (prose around it, ``` fences, several attempts), in
 * order of appearance. The scan is string-aware, so braces inside JSON strings do not end an object
 * early; a `{` that does not start a parseable object is skipped and the scan goes on after it.
 */
export function findJsonObjects(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  let start = text.indexOf("{");
  while (start !== -1) {
    const end = matchingBrace(text, start);
    if (end !== -1) {
      const parsed = tryParse(text.slice(start, end + 1));
      if (parsed !== undefined) {
        found.push(parsed);
        start = text.indexOf("{", end + 1);
        continue;
      }
    }
    start = text.indexOf("{", start + 1);
  }
  return found;
}

/** Index of the `}` closing the object that opens at `start`, or -1. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === "\\") index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === "{") depth += 1;
    else if (character === "}") {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function tryParse(candidate: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(candidate);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? lowerCaseKeys(value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Judges write `"Grade"` as often as `"grade"`; the verdict schemas use lower case. */
function lowerCaseKeys(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key.toLowerCase()] = item;
  return result;
}

export type VerdictParse<Verdict> = { ok: true; verdict: Verdict } | { ok: false; problem: string };

/**
 * Reads a verdict from a judge's text: the last JSON object that validates (a judge that corrects itself
 * ends with its final answer), else what `fromText` recognises (`Score: 4`, `[[A]]`, `Verdict: B`).
 */
export function parseVerdict<Verdict>(options: {
  text: string;
  verdict: z.ZodType<Verdict>;
  fromText?: ((text: string) => Record<string, unknown> | undefined) | undefined;
}): VerdictParse<Verdict> {
  const objects = findJsonObjects(options.text);
  let problem = objects.length === 0 ? "no JSON object in the reply" : "";
  for (let index = objects.length - 1; index >= 0; index -= 1) {
    const checked = options.verdict.safeParse(objects[index]);
    if (checked.success) return { ok: true, verdict: checked.data };
    if (problem === "") problem = `the JSON verdict is invalid (${describeIssue(checked.error)})`;
  }
  const recognised = options.fromText?.(options.text);
  if (recognised !== undefined) {
    const checked = options.verdict.safeParse(recognised);
    if (checked.success) return { ok: true, verdict: checked.data };
  }
  return { ok: false, problem };
}

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid";
  const path = issue.path.map(String).join(".");
  return path === "" ? issue.message : `${path}: ${issue.message}`;
}

/** The last match of a pattern's first group in the text (verdicts come at the end of a reasoning). */
export function lastMatch(text: string, pattern: RegExp): string | undefined {
  let value: string | undefined;
  for (const match of text.matchAll(pattern)) value = match[1] ?? value;
  return value;
}
