import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TuneopsError } from "../../spec/errors.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createJsonSchemaScorer } from "./json-schema.js";

const schema = {
  type: "object",
  properties: { label: { enum: ["spam", "ham"] }, confidence: { type: "number", minimum: 0, maximum: 1 } },
  required: ["label"],
  additionalProperties: false,
};

function configError(run: () => unknown): TuneopsError {
  try {
    run();
  } catch (error) {
    if (error instanceof TuneopsError) return error;
    throw error;
  }
  throw new Error("expected a config error");
}

describe("json-schema", () => {
  it("validates inline schemas and explains mismatches", () => {
    const scorer = createJsonSchemaScorer({ type: "json-schema", schema, weight: 1 }, factoryOptions("shape"));
    expect(scorer.score(scoreInput('{"label":"spam","confidence":0.9}'))).toEqual({ score: 1 });
    const bad = scorer.score(scoreInput('{"label":"eggs","extra":1}'));
    expect(bad).toMatchObject({ score: 0 });
    expect((bad as { reason: string }).reason).toMatch(/schema mismatch: .*\/label/);
    expect(scorer.score(scoreInput("not json"))).toMatchObject({ score: 0, reason: expect.stringMatching(/^not valid JSON/) as unknown });
  });

  it("loads a JSON or YAML file relative to the base folder", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "tuneops-schema-"));
    writeFileSync(path.join(folder, "label.schema.json"), JSON.stringify(schema));
    writeFileSync(path.join(folder, "label.schema.yaml"), "type: object\nrequired: [label]\n");
    const fromJson = createJsonSchemaScorer({ type: "json-schema", file: "label.schema.json", weight: 1 }, factoryOptions("a", { baseDir: folder }));
    const fromYaml = createJsonSchemaScorer({ type: "json-schema", file: "label.schema.yaml", weight: 1 }, factoryOptions("b", { baseDir: folder }));
    expect(fromJson.score(scoreInput('{"label":"ham"}'))).toEqual({ score: 1 });
    expect(fromYaml.score(scoreInput("{}"))).toMatchObject({ score: 0 });
  });

  it("supports draft 2020-12 schemas", () => {
    const scorer = createJsonSchemaScorer(
      { type: "json-schema", schema: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "array", prefixItems: [{ type: "string" }] }, weight: 1 },
      factoryOptions("tuple"),
    );
    expect(scorer.score(scoreInput('["a", 1]'))).toEqual({ score: 1 });
    expect(scorer.score(scoreInput("[1]"))).toMatchObject({ score: 0 });
  });

  it("rejects invalid schemas, missing files and ambiguous configs at creation", () => {
    const invalid = configError(() => createJsonSchemaScorer({ type: "json-schema", schema: { type: "nonsense" }, weight: 1 }, factoryOptions("s")));
    expect(invalid.code).toBe("config_invalid");
    expect(invalid.message).toMatch(/scorer "s": invalid JSON Schema/);
    expect(invalid.location?.field).toBe("schema");
    const missing = configError(() => createJsonSchemaScorer({ type: "json-schema", file: "nope.json", weight: 1 }, factoryOptions("s", { baseDir: tmpdir() })));
    expect(missing.message).toMatch(/cannot read JSON Schema file/);
    const neither = configError(() => createJsonSchemaScorer({ type: "json-schema", weight: 1 }, factoryOptions("s")));
    expect(neither.message).toMatch(/exactly one of/);
  });
});
