import { checkMessages } from "./check-chat-example.js";
import { canonicalJson, describeValue, isObject } from "./json-shapes.js";
import type { ExampleIssue } from "./training-issue.js";

const openaiPreferenceKeys: ReadonlySet<string> = new Set(["input", "preferred_output", "non_preferred_output"]);
const trlPreferenceKeys: ReadonlySet<string> = new Set(["prompt", "chosen", "rejected", "tools"]);

/** OpenAI's preference format: the prompt's messages plus one preferred and one non-preferred assistant reply. */
export function checkOpenaiPreferenceExample(example: unknown): ExampleIssue[] {
  if (!isObject(example)) return [{ code: "data_type", message: `expected an object with input, preferred_output, non_preferred_output, got ${describeValue(example)}` }];
  const issues: ExampleIssue[] = [];
  for (const key of Object.keys(example)) {
    if (!openaiPreferenceKeys.has(key)) issues.push({ code: "example_unrecognized_key", field: key, message: `unrecognized key "${key}" (expected input, preferred_output, non_preferred_output)` });
  }
  const input = example.input;
  if (!isObject(input)) {
    issues.push({ code: "missing_preference_key", field: "input", message: `"input" must be an object with "messages", got ${input === undefined ? "nothing" : describeValue(input)}` });
  } else {
    issues.push(...checkMessages(input.messages, { path: "input.", requireAssistant: false, tools: input.tools }));
  }
  for (const key of ["preferred_output", "non_preferred_output"] as const) issues.push(...checkOutput(example[key], key, isObject(input) ? input.tools : undefined));
  if (issues.length === 0 && canonicalJson(example.preferred_output) === canonicalJson(example.non_preferred_output)) {
    issues.push({ code: "identical_preference_outputs", field: "non_preferred_output", message: "the preferred and non-preferred outputs are identical: the pair teaches nothing" });
  }
  return issues;
}

function checkOutput(output: unknown, key: string, tools: unknown): ExampleIssue[] {
  if (output === undefined) return [{ code: "missing_preference_key", field: key, message: `"${key}" is missing` }];
  if (!Array.isArray(output) || output.length !== 1 || !isObject(output[0]) || output[0].role !== "assistant") {
    return [{ code: "invalid_preference_output", field: key, message: `"${key}" must be a list of exactly one assistant message` }];
  }
  return renamed(checkMessages(output, { requireAssistant: true, tools }), key);
}

/** TRL's preference format: `prompt`, `chosen`, `rejected`, all strings or all message lists. */
export function checkTrlPreferenceExample(example: unknown): ExampleIssue[] {
  if (!isObject(example)) return [{ code: "data_type", message: `expected an object with prompt, chosen, rejected, got ${describeValue(example)}` }];
  const issues: ExampleIssue[] = [];
  for (const key of Object.keys(example)) {
    if (!trlPreferenceKeys.has(key)) issues.push({ code: "example_unrecognized_key", field: key, message: `unrecognized key "${key}" (expected prompt, chosen, rejected)` });
  }
  const conversational = Array.isArray(example.prompt) || Array.isArray(example.chosen);
  for (const key of ["prompt", "chosen", "rejected"] as const) {
    const value = example[key];
    if (value === undefined) {
      issues.push({ code: "missing_preference_key", field: key, message: `"${key}" is missing` });
    } else if (conversational) {
      issues.push(...renamed(checkMessages(value, { requireAssistant: key !== "prompt", tools: example.tools }), key));
    } else if (typeof value !== "string" || value.trim() === "") {
      issues.push({ code: "missing_content", field: key, message: `"${key}" must be non-empty text (or, in the conversational form, a list of messages), got ${describeValue(value)}` });
    }
  }
  if (issues.length === 0 && canonicalJson(example.chosen) === canonicalJson(example.rejected)) {
    issues.push({ code: "identical_preference_outputs", field: "rejected", message: "chosen and rejected are identical: the pair teaches nothing" });
  }
  return issues;
}

/** Field paths of a message list checked on its own start with `messages`: name the key it sits under. */
function renamed(issues: ExampleIssue[], key: string): ExampleIssue[] {
  return issues.map((issue) => (issue.field === undefined ? issue : { ...issue, field: issue.field.replace(/^messages/, key) }));
}
