import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type AnySchema, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse as parseYaml } from "yaml";
import type { ScorerV1 } from "../../spec/scorer.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, scorerConfigError, type ScorerFactoryOptions } from "../scorer-options.js";
import { parseJson } from "./is-json.js";

/** Most validation errors listed in a reason; the rest are counted. */
const maxReasonErrors = 3;

function loadSchemaFile(file: string, options: ScorerFactoryOptions): unknown {
  const resolved = path.resolve(options.baseDir, file);
  let text: string;
  try {
    text = readFileSync(resolved, "utf8");
  } catch (error) {
    throw scorerConfigError(options, { field: "file", message: `cannot read JSON Schema file ${resolved}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  try {
    return /\.ya?ml$/i.test(resolved) ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    throw scorerConfigError(options, { field: "file", message: `JSON Schema file ${resolved} does not parse: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
}

/** The Ajv class for the schema's declared draft (draft-07 when it declares none). */
function createAjv(schema: Record<string, unknown>): Ajv {
  // logger: false keeps library code off the console; strict: false accepts the unknown keywords and
  // formats that real-world schemas carry (formats are not validated: no ajv-formats dependency).
  const ajvOptions = { allErrors: true, strict: false, logger: false } as const;
  const declared = typeof schema["$schema"] === "string" ? schema["$schema"] : "";
  if (declared.includes("2020-12")) return new Ajv2020(ajvOptions);
  if (declared.includes("2019-09")) return new Ajv2019(ajvOptions);
  return new Ajv(ajvOptions);
}

/**
 * `json-schema`: 1 when the output is strict JSON that validates against the schema, else 0 with the
 * validation errors as the reason. The schema is inline (`schema`) or a .json/.yaml `file` relative to
 * the project folder, and is compiled once, at creation.
 */
export function createJsonSchemaScorer(config: ScorerConfigOf<"json-schema">, options: ScorerFactoryOptions): ScorerV1 {
  if ((config.schema === undefined) === (config.file === undefined)) {
    throw scorerConfigError(options, { message: "needs exactly one of `schema` (inline) or `file` (a JSON Schema file)" });
  }
  const schema = config.schema ?? loadSchemaFile(config.file as string, options);
  const field = config.schema === undefined ? "file" : "schema";
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw scorerConfigError(options, { field, message: "the JSON Schema must be an object" });
  }
  let validate: ValidateFunction;
  try {
    validate = createAjv(schema as Record<string, unknown>).compile(schema as AnySchema);
  } catch (error) {
    throw scorerConfigError(options, { field, message: `invalid JSON Schema: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  return {
    ...scorerBase(config, options),
    score(input) {
      const parsed = parseJson(input.output);
      if (!parsed.ok) return { score: 0, reason: `not valid JSON: ${parsed.message}` };
      if (validate(parsed.value)) return { score: 1 };
      const errors = validate.errors ?? [];
      const listed = errors.slice(0, maxReasonErrors).map((error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`);
      if (errors.length > maxReasonErrors) listed.push(`and ${errors.length - maxReasonErrors} more`);
      return { score: 0, reason: `schema mismatch: ${listed.join("; ")}` };
    },
  };
}
