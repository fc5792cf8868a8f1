import { describe, expect, it } from "vitest";
import { fixtureSummary, hostileSummary, legacySummary } from "./__fixtures__/run-summary.fixture.js";
import { failingResults, renderJunit } from "./render-junit.js";

function suiteOpening(xml: string, name: string): string | undefined {
  return xml.split("\n").find((line) => line.includes(`<testsuite name="${name}"`));
}

describe("renderJunit", () => {
  it("writes one suite per candidate with results as tests", () => {
    const xml = renderJunit(fixtureSummary());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    // gpt-mini: 200 results, 2 errors, pass rate 0.8434 of 198 -> 167 passed, 31 failed.
    expect(suiteOpening(xml, "gpt-mini")).toContain('tests="200" failures="31" errors="2"');
    // local-qwen: 0.61 of 200 -> 122 passed, 78 failed.
    expect(suiteOpening(xml, "local-qwen")).toContain('tests="200" failures="78" errors="0"');
    expect(xml).toContain('<property name="model" value="gpt-4o-mini"/>');
    expect(xml).toContain("simulated: figures from the simulated provider are not real");
  });

  it("counts failures from the pass rate without counting errors twice", () => {
    const candidate = fixtureSummary().candidates[0];
    if (!candidate) throw new Error("fixture has candidates");
    expect(failingResults(candidate)).toBe(31);
    const countedErrors = { ...candidate, metrics: candidate.metrics.map((metric) => (metric.name === "pass_rate" ? { ...metric, n: 200, mean: 0.835 } : metric)) };
    expect(failingResults(countedErrors)).toBe(31);
    expect(failingResults({ ...candidate, metrics: [] })).toBe(0);
  });

  it("reports the failed gate with actual against threshold", () => {
    const xml = renderJunit(fixtureSummary());
    expect(suiteOpening(xml, "gates")).toContain('tests="3" failures="1"');
    expect(xml).toContain('<testcase classname="gates.local-qwen" name="local-qwen: pass_rate &gt;= 0.8">');
    expect(xml).toContain('<failure message="pass_rate = 0.61, required &gt;= 0.8" type="gate">');
    expect((xml.match(/<failure /g) ?? []).length).toBe(1);
    expect(xml).toContain('<skipped message="ANTHROPIC_API_KEY is not set"/>');
  });

  it("escapes text and drops characters XML forbids", () => {
    const xml = renderJunit(hostileSummary());
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("\u0001");
    expect(xml).toContain('name="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(xml).toContain('value="m&quot;&amp;&#39;&lt;x&gt;"');
    expect(xml).toContain('name="]]&gt;&lt;/x&gt;"');
  });

  it("adds no test case for comparisons, classification, label rates or consistency: gates stay the only failures beyond results", () => {
    const full = fixtureSummary();
    const bare = fixtureSummary();
    delete bare.comparisons;
    for (const candidate of bare.candidates) {
      delete candidate.classification;
      delete candidate.label_rates;
      delete candidate.judge_consistency;
      delete candidate.consistency;
    }
    expect(renderJunit(full)).toBe(renderJunit(bare));
    const legacy = renderJunit(legacySummary());
    const opening = (xml: string): string | undefined => xml.split("\n").find((line) => line.startsWith("<testsuites"));
    expect(opening(renderJunit(full))).toBe(opening(legacy));
    expect((renderJunit(full).match(/<testcase /g) ?? []).length).toBe((legacy.match(/<testcase /g) ?? []).length);
  });
});
