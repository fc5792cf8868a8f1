import { z } from "zod";
import { projectSchema } from "./project-schema.js";

export const projectSchemaId = "urn:tuneops:schema:project:v1";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A gate's "min or max" rule is a zod refinement, which JSON Schema output drops; restate it as
 * `anyOf` of two `required` lists so editors flag a gate with neither.
 */
function restateGateRule(schema: JsonObject): void {
  const evals = schema.properties;
  if (!isObject(evals)) return;
  const suite = isObject(evals.evals) ? evals.evals.additionalProperties : undefined;
  const gates = isObject(suite) && isObject(suite.properties) ? suite.properties.gates : undefined;
  const gate = isObject(gates) ? gates.items : undefined;
  if (isObject(gate)) gate.anyOf = [{ required: ["min"] }, { required: ["max"] }];
}

/**
 * The JSON Schema (draft 2020-12) of tuneops.yaml as users write it (`io: "input"`: fields with
 * defaults are optional), for editor completion and validation. The CLI writes it to
 * `schema/tuneops.schema.json`.
 */
export function projectJsonSchema(): JsonObject {
  const generated = z.toJSONSchema(projectSchema, { io: "input", target: "draft-2020-12" }) as JsonObject;
  restateGateRule(generated);
  const { $schema: _dialect, ...rest } = generated;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: projectSchemaId,
    title: "tuneops project file (tuneops.yaml)",
    description: "Datasets, prompts, providers, retrievers and evaluation suites of a tuneops project.",
    ...rest,
  };
}
