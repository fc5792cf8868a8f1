import { readFileSync, writeFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { fixtureSummary, hostileSummary, legacySummary } from "./__fixtures__/run-summary.fixture.js";
import { renderJson } from "./render-json.js";
import { runSummaryJsonSchema } from "./run-summary-json-schema.js";

const schemaPath = new URL("../../schema/run-summary.schema.json", import.meta.url);

function validator(): ReturnType<Ajv2020["compile"]> {
  // `format` is an annotation here (ajv-formats is not a dependency), so formats are not asserted.
  return new Ajv2020({ strict: true, allErrors: true, validateFormats: false }).compile(runSummaryJsonSchema);
}

describe("renderJson", () => {
  it("prints JSON that validates against the schema", () => {
    const validate = validator();
    const parsed: unknown = JSON.parse(renderJson(fixtureSummary()));
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(parsed).toEqual(fixtureSummary());
  });

  it("is stable: key order follows the schema whatever order the summary was built in", () => {
    const summary = fixtureSummary();
    const shuffled = JSON.parse(JSON.stringify(summary, (_key, value: unknown) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).reverse());
    })) as typeof summary;
    const text = renderJson(summary);
    expect(renderJson(shuffled)).toBe(text);
    expect(text.startsWith('{\n  "schema_version": 1,\n  "run": {\n    "id": "run_01J9ZK3M4Q",')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("the schema rejects what RunSummary does not allow", () => {
    const validate = validator();
    const extra = { ...fixtureSummary(), extra: true };
    expect(validate(extra)).toBe(false);
    const wrongVersion = { ...fixtureSummary(), schema_version: 2 };
    expect(validate(wrongVersion)).toBe(false);
    const badMetric = fixtureSummary();
    const first = badMetric.candidates[0]?.metrics[0];
    if (first) (first as { kind: string }).kind = "median";
    expect(validate(badMetric)).toBe(false);
    const missing = fixtureSummary() as Partial<ReturnType<typeof fixtureSummary>>;
    delete missing.gates;
    expect(validate(missing)).toBe(false);
    const streamed = fixtureSummary();
    if (streamed.candidates[1]) streamed.candidates[1].efficiency.ttft_ms = { n: 1, mean: 1, p50: 1, p95: 1, p99: 1, max: 1 };
    expect(validate(streamed)).toBe(true);
  });

  it("keeps summaries written before schema 1.1 valid and validates every 1.1 field", () => {
    const validate = validator();
    const legacy = legacySummary();
    expect(validate(JSON.parse(renderJson(legacy))), JSON.stringify(validate.errors)).toBe(true);
    expect(renderJson(legacy)).not.toMatch(/"(comparisons|classification|label_rates|judge_consistency|consistency)"/);
    const full = JSON.parse(renderJson(fixtureSummary())) as ReturnType<typeof fixtureSummary>;
    expect(full.comparisons?.map((comparison) => comparison.verdict)).toEqual(["a", "b", "tie"]);
    expect(full.candidates[0]?.metrics.find((metric) => metric.kind === "corpus")?.method).toBe("bootstrap");
    expect(full.candidates[0]?.classification?.[0]?.confusion.matrix).toHaveLength(4);
    expect(validate(JSON.parse(renderJson(hostileSummary()))), JSON.stringify(validate.errors)).toBe(true);
  });

  it("the schema rejects malformed 1.1 fields", () => {
    const validate = validator();
    const badVerdict = fixtureSummary();
    const comparison = badVerdict.comparisons?.[0];
    if (comparison) (comparison as { verdict: string }).verdict = "draw";
    expect(validate(badVerdict)).toBe(false);
    const badCell = fixtureSummary();
    const matrix = badCell.candidates[0]?.classification?.[0]?.confusion.matrix;
    if (matrix?.[0]) matrix[0][0] = -1;
    expect(validate(badCell)).toBe(false);
    const tooManyFlaky = fixtureSummary();
    const consistency = tooManyFlaky.candidates[0]?.consistency;
    if (consistency) consistency.flaky_cases = Array.from({ length: 51 }, (_, index) => `c${index}`);
    expect(validate(tooManyFlaky)).toBe(false);
    const extraField = fixtureSummary();
    const rate = extraField.candidates[0]?.label_rates?.[0];
    if (rate) Object.assign(rate, { percent: 2 });
    expect(validate(extraField)).toBe(false);
  });

  it("schema/run-summary.schema.json is the schema object (TUNEOPS_WRITE_SCHEMA=1 rewrites it)", () => {
    const text = `${JSON.stringify(runSummaryJsonSchema, null, 2)}\n`;
    if (process.env.TUNEOPS_WRITE_SCHEMA === "1") writeFileSync(schemaPath, text);
    expect(readFileSync(schemaPath, "utf8")).toBe(text);
  });
});

describe("docs/run-summary.md", () => {
  it("its example validates against the schema", () => {
    const markdown = readFileSync(new URL("../../docs/run-summary.md", import.meta.url), "utf8");
    const example = /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1];
    expect(example).toBeDefined();
    const validate = validator();
    expect(validate(JSON.parse(example ?? "null")), JSON.stringify(validate.errors)).toBe(true);
  });

  it("documents every field of the schema", () => {
    const markdown = readFileSync(new URL("../../docs/run-summary.md", import.meta.url), "utf8");
    const names = new Set<string>();
    const collect = (node: { properties?: Record<string, unknown>; items?: unknown; $defs?: Record<string, unknown> } | undefined): void => {
      for (const [name, child] of Object.entries(node?.properties ?? {})) {
        names.add(name);
        collect(child as Parameters<typeof collect>[0]);
      }
      if (node?.items) collect(node.items as Parameters<typeof collect>[0]);
      for (const child of Object.values(node?.$defs ?? {})) collect(child as Parameters<typeof collect>[0]);
    };
    collect(runSummaryJsonSchema);
    const undocumented = [...names].filter((name) => !markdown.includes(`\`${name}\``) && !["mean", "p50", "p95", "p99", "max"].includes(name));
    expect(undocumented).toEqual([]);
  });
});
