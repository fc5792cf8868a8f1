/**
 * JSON Schema keywords that node-llama-cpp 3.21's grammar converter does not enforce. A schema using
 * them still compiles, but the output may break them (e.g. an integer outside `minimum`/`maximum`), so
 * the adapter reports them as a warning instead of letting the constraint vanish silently.
 */
const unenforcedKeywords: ReadonlySet<string> = new Set([
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "not",
  "allOf",
  "if",
  "then",
  "else",
  "patternProperties",
  "propertyNames",
  "uniqueItems",
  "contains",
  "minProperties",
  "maxProperties",
  "dependentRequired",
  "dependentSchemas",
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keywords whose values are schemas, or maps/lists of schemas (the only places the walk descends). */
function childSchemas(schema: Record<string, unknown>): unknown[] {
  const children: unknown[] = [];
  for (const key of ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"]) {
    if (isRecord(schema[key])) children.push(schema[key]);
  }
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    const list = schema[key];
    if (Array.isArray(list)) children.push(...list);
  }
  for (const key of ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]) {
    const map = schema[key];
    if (isRecord(map)) children.push(...Object.values(map));
  }
  return children;
}

/** The unenforced keywords used anywhere in the schema, sorted, each once. */
export function ignoredSchemaKeywords(schema: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const pending: unknown[] = [schema];
  const seen = new Set<unknown>();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (!isRecord(node) || seen.has(node)) continue;
    seen.add(node);
    for (const key of Object.keys(node)) if (unenforcedKeywords.has(key)) found.add(key);
    pending.push(...childSchemas(node));
  }
  return [...found].sort();
}
