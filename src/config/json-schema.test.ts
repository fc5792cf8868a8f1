import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { projectJsonSchema } from "./json-schema.js";

type JsonObject = Record<string, unknown>;

function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = (current as JsonObject | undefined)?.[key];
  return current;
}

/** The `type` constants of a discriminated union in the generated schema. */
function typeValues(union: unknown): unknown[] {
  const options = (get(union, "oneOf") ?? get(union, "anyOf")) as JsonObject[];
  return options.map((option) => get(option, "properties", "type", "const"));
}

const schema = projectJsonSchema();
const validate = new Ajv2020({ strict: false, allErrors: true, logger: false }).compile(schema);

describe("projectJsonSchema", () => {
  it("is a 2020-12 schema with an id and a title", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/tuneops/);
    expect(schema.title).toMatch(/tuneops\.yaml/);
    expect(get(schema, "required")).toEqual(["project"]);
  });

  it("lists the provider, retriever and scorer types", () => {
    expect(typeValues(get(schema, "properties", "providers", "additionalProperties"))).toEqual([
      "openai-compatible",
      "anthropic",
      "llama-cpp",
      "baseline",
      "replay",
      "script",
      "simulated",
    ]);
    expect(typeValues(get(schema, "properties", "retrievers", "additionalProperties"))).toEqual(["bm25", "sql"]);
    expect(typeValues(get(schema, "properties", "evals", "additionalProperties", "properties", "scorers", "items"))).toContain("json-schema");
  });

  it("keeps the field descriptions for editor help", () => {
    expect(get(schema, "properties", "datasets", "additionalProperties", "properties", "path", "description")).toMatch(/\.jsonl/);
  });

  it("validates a realistic project and rejects mistakes an editor should flag", () => {
    const project = {
      project: "demo",
      datasets: { qa: { path: "data/qa.jsonl" } },
      providers: { gpt: { type: "openai-compatible", model: "gpt-4o-mini", api_key_env: "OPENAI_API_KEY" }, sim: { type: "simulated" } },
      evals: { smoke: { dataset: "qa", candidates: [{ provider: "gpt", prompt: "{{ input }}" }], gates: [{ metric: "pass_rate", min: 0.8 }] } },
    };
    expect(validate(project), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...project, providers: { gpt: { type: "openai", model: "x" } } })).toBe(false);
    expect(validate({ ...project, extra: 1 })).toBe(false);
    const gateless = { ...project, evals: { smoke: { ...project.evals.smoke, gates: [{ metric: "pass_rate" }] } } };
    expect(validate(gateless)).toBe(false);
  });
});
