import type { z } from "zod";
import { didYouMean, listNames } from "./did-you-mean.js";
import { allowedKeys, schemaAtPath } from "./schema-at-path.js";

type Issue = z.core.$ZodIssue;

/** A schema problem before it is placed in the file: a path into the data and a message. */
export interface IssueProblem {
  path: PropertyKey[];
  message: string;
  /** Point at the key rather than the value (an unknown or badly named key). */
  atKey?: boolean;
}

export function valueAtPath(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** What a YAML value is, in the words of someone who wrote it: `a number`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return Number.isInteger(value) ? "a number" : "a decimal number";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}

const expectedNames: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
  null: "an empty value",
};

function expectedName(expected: string): string {
  return expectedNames[expected] ?? expected;
}

function quote(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}

function lastKey(path: readonly PropertyKey[]): string {
  return String(path[path.length - 1] ?? "");
}

function bound(options: { inclusive: boolean | undefined; exact: boolean | undefined; value: number | bigint; small: boolean }): string {
  if (options.exact) return `exactly ${options.value}`;
  if (options.small) return options.inclusive === false ? `more than ${options.value}` : `at least ${options.value}`;
  return options.inclusive === false ? `less than ${options.value}` : `at most ${options.value}`;
}

function sizeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, value: unknown): string {
  const small = issue.code === "too_small";
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const range = bound({ inclusive: issue.inclusive, exact: issue.exact, value: limit, small });
  if (issue.origin === "array") return `expected a list of ${range} item${limit === 1 ? "" : "s"}`;
  if (issue.origin === "string") return small && limit === 1 ? "must not be empty" : `expected a string of ${range} characters`;
  return `expected a number ${range.replace("at least", ">=").replace("at most", "<=").replace("more than", ">").replace("less than", "<").replace("exactly", "=")}, got ${quote(value)}`;
}

/** A union's alternatives when the value fails every one of them at its root: `"text", "json" or a mapping`. */
function rootAlternatives(branches: readonly (readonly Issue[])[]): string[] | undefined {
  const alternatives: string[] = [];
  for (const branch of branches) {
    const root = branch.filter((issue) => issue.path.length === 0);
    if (root.length === 0) return undefined;
    for (const issue of root) {
      if (issue.code === "invalid_type") alternatives.push(expectedName(issue.expected));
      else if (issue.code === "invalid_value") alternatives.push(...issue.values.map(quote));
      else return undefined;
    }
  }
  return [...new Set(alternatives)];
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion, context: DescribeContext): IssueProblem[] {
  const value = valueAtPath(context.data, issue.path);
  if (issue.discriminator !== undefined && "options" in issue && issue.options) {
    const types = issue.options.map(String);
    const typeValue = valueAtPath(context.data, issue.path);
    const message =
      typeValue === undefined
        ? `missing "${issue.discriminator}"; expected one of ${listNames(types)}`
        : `unknown ${issue.discriminator} ${quote(typeValue)}; expected one of ${listNames(types)}${typeof typeValue === "string" ? didYouMean(typeValue, types) : ""}`;
    return [{ path: issue.path, message }];
  }
  const branches = issue.errors;
  const alternatives = rootAlternatives(branches);
  if (alternatives) {
    const last = alternatives.pop();
    const expected = alternatives.length > 0 ? `${alternatives.join(", ")} or ${last}` : last;
    return [{ path: issue.path, message: `expected ${expected}, got ${describeValue(value)}` }];
  }
  // The value has the right shape for some branches: report the closest one, the branch with fewest issues.
  const shaped = branches.filter((branch) => !branch.some((inner) => inner.path.length === 0 && inner.code === "invalid_type"));
  const fewest = Math.min(...shaped.map((branch) => branch.length));
  const closest = shaped.filter((branch) => branch.length === fewest);
  if (closest.length === 1 && closest[0]) {
    return closest[0].flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, context));
  }
  // Several forms fit equally badly (`{foo: 1}` for a prompt): list the key each form is built around.
  const required = closest.flatMap((branch) =>
    branch.filter((inner) => inner.code === "invalid_type" && inner.path.length === 1).map((inner) => lastKey(inner.path)),
  );
  if (required.length > 0) return [{ path: issue.path, message: `expected a mapping with one of the keys ${listNames([...new Set(required)])}` }];
  return [{ path: issue.path, message: `does not match any allowed form (${issue.message})` }];
}

export interface DescribeContext {
  schema: z.ZodType;
  data: unknown;
}

/** Turns one zod issue into messages that say what was expected, in YAML terms, with suggestions. */
export function describeIssue(issue: Issue, context: DescribeContext): IssueProblem[] {
  const value = valueAtPath(context.data, issue.path);
  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined) {
        return [{ path: issue.path, message: `missing required field "${lastKey(issue.path)}" (${expectedName(issue.expected)})` }];
      }
      return [{ path: issue.path, message: `expected ${expectedName(issue.expected)}, got ${describeValue(value)}` }];
    }
    case "unrecognized_keys": {
      const keys = allowedKeys(schemaAtPath({ schema: context.schema, path: issue.path, data: context.data }));
      return issue.keys.map((key) => ({
        path: [...issue.path, key],
        atKey: true,
        message: `unknown key "${key}"${didYouMean(key, keys)}; allowed keys: ${keys.join(", ")}`,
      }));
    }
    case "invalid_union":
      return describeUnion(issue, context);
    case "invalid_key": {
      const reasons = issue.issues.map((inner) => inner.message).join("; ");
      return [{ path: issue.path, atKey: true, message: `invalid name "${lastKey(issue.path)}": expected ${reasons}` }];
    }
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const suggestion = typeof value === "string" ? didYouMean(value, allowed) : "";
      const got = value === undefined ? "nothing" : quote(value);
      return [{ path: issue.path, message: `expected ${issue.values.length === 1 ? quote(issue.values[0]) : `one of ${listNames(allowed)}`}, got ${got}${suggestion}` }];
    }
    case "invalid_format": {
      const what = issue.format === "regex" ? issue.message : issue.format === "url" ? "a URL (http://... or https://...)" : `a valid ${issue.format}`;
      return [{ path: issue.path, message: `expected ${what}, got ${quote(value)}` }];
    }
    case "too_big":
    case "too_small":
      return [{ path: issue.path, message: sizeMessage(issue, value) }];
    case "not_multiple_of":
      return [{ path: issue.path, message: `expected a multiple of ${issue.divisor}, got ${quote(value)}` }];
    case "invalid_element":
    case "custom":
      return [{ path: issue.path, message: issue.message }];
  }
}
