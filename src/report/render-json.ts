import type { RunSummary } from "../spec/run-summary.js";
import { type JsonSchemaNode, runSummaryJsonSchema } from "./run-summary-json-schema.js";

function resolve(schema: JsonSchemaNode | undefined): JsonSchemaNode | undefined {
  const reference = schema?.$ref;
  if (reference === undefined) return schema;
  const name = reference.replace("#/$defs/", "");
  return runSummaryJsonSchema.$defs?.[name];
}

/** Rebuilds `value` with object keys in the schema's order, unknown keys after them in sorted order. */
function canonical(value: unknown, schemaNode: JsonSchemaNode | undefined): unknown {
  let schema = resolve(schemaNode);
  if (schema?.anyOf && value !== null && typeof value === "object") {
    schema = resolve(schema.anyOf.find((branch) => branch.$ref !== undefined || branch.properties !== undefined));
  }
  if (Array.isArray(value)) return value.map((item) => canonical(item, schema?.items));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const known = Object.keys(schema?.properties ?? {}).filter((key) => key in record);
  const rest = Object.keys(record)
    .filter((key) => !known.includes(key))
    .sort();
  const result: Record<string, unknown> = {};
  for (const key of [...known, ...rest]) {
    const child = schema?.properties?.[key] ?? (typeof schema?.additionalProperties === "object" ? schema.additionalProperties : undefined);
    if (record[key] !== undefined) result[key] = canonical(record[key], child);
  }
  return result;
}

/**
 * The summary as stable, pretty JSON (two-space indent, trailing newline): keys always in the order
 * of schema/run-summary.schema.json, so two runs diff cleanly whatever order the summary was built in.
 */
export function renderJson(summary: RunSummary): string {
  return `${JSON.stringify(canonical(summary, runSummaryJsonSchema), null, 2)}\n`;
}
