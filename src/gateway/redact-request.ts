/**
 * Which strings of an OpenAI request body are redacted before it leaves: all of them (message contents
 * and names, tool call arguments, tool and function descriptions and schemas, `user`, `metadata`,
 * `prediction`, `stop`, prompts, embedding inputs, fields OpenAI adds later) except the ones that must
 * reach the upstream unchanged for the request to mean what it meant:
 * - identifiers and enumerations (`model`, `role`, `type`, `tool_call_id`, `reasoning_effort`, ...);
 * - the names of functions and schemas (a tool call names a function the client declared);
 * - media payloads (`image_url.url`, `input_audio.data`, `file_data`, `file_id`): base64 would be
 *   corrupted by a pattern that happens to match inside it.
 */
const keptKeys = new Set([
  "model",
  "role",
  "type",
  "id",
  "tool_call_id",
  "encoding_format",
  "service_tier",
  "reasoning_effort",
  "verbosity",
  "prompt_cache_retention",
  "modalities",
  "format",
  "voice",
  "detail",
  "search_context_size",
  "url",
  "data",
  "file_data",
  "file_id",
]);

/** Keys whose `name` names a function or a schema rather than a person. */
const namingParents = new Set(["function", "function_call", "functions", "json_schema", "custom", "allowed_tools"]);

/** Keys whose string value is an option, not text (`tool_choice: "auto"`, `function_call: "none"`). */
const optionKeys = new Set(["tool_choice", "function_call"]);

function kept(key: string, parentKey: string): boolean {
  if (keptKeys.has(key) || optionKeys.has(key)) return true;
  return key === "name" && namingParents.has(parentKey);
}

/**
 * Replaces, in place, every string of `body` that leaves for the upstream (see above) by
 * `redact(string)`. Object keys are left alone (they are field names and JSON Schema property names).
 */
export function redactRequestStrings(body: Record<string, unknown>, redact: (text: string) => string): void {
  walk(body, "", redact);
}

function walk(container: Record<string, unknown>, containerKey: string, redact: (text: string) => string): void {
  for (const [key, value] of Object.entries(container)) {
    if (typeof value === "string") {
      if (!kept(key, containerKey)) container[key] = redact(value);
    } else if (Array.isArray(value)) walkArray(value, key, containerKey, redact);
    else if (typeof value === "object" && value !== null) walk(value as Record<string, unknown>, key, redact);
  }
}

/** Array elements take the array's key: `stop: ["..."]` items are `stop` strings, `tools[i]` objects sit under `tools`. */
function walkArray(items: unknown[], key: string, parentKey: string, redact: (text: string) => string): void {
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (typeof item === "string") {
      if (!kept(key, parentKey)) items[index] = redact(item);
    } else if (Array.isArray(item)) walkArray(item, key, parentKey, redact);
    else if (typeof item === "object" && item !== null) walk(item as Record<string, unknown>, key, redact);
  }
}
