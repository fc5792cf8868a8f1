import { describe, expect, it } from "vitest";
import type { RunSummary } from "../spec/run-summary.js";
import { fixtureExtras, fixtureSummary, hostileSummary } from "./__fixtures__/run-summary.fixture.js";
import { renderHtml } from "./render-html.js";

const voidElements = new Set(["meta", "br", "hr", "img", "input", "link"]);

/** Checks that every opened element is closed in order; returns the first problem or null. */
function tagBalanceProblem(html: string): string | null {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, rawName = "", selfClosing] = match;
    const name = rawName.toLowerCase();
    if (selfClosing || voidElements.has(name)) continue;
    if (!closing) {
      stack.push(name);
      continue;
    }
    const open = stack.pop();
    if (open !== name) return `</${name}> closes <${open ?? "nothing"}> at ${match.index}`;
  }
  return stack.length === 0 ? null : `unclosed: ${stack.join(", ")}`;
}

describe("renderHtml", () => {
  it("is one balanced document with every chart titled", () => {
    const html = renderHtml(fixtureSummary(), fixtureExtras());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(tagBalanceProblem(html.replace(/^<!doctype html>/, ""))).toBeNull();
    expect((html.match(/<svg\b/g) ?? []).length).toBe((html.match(/<\/svg>/g) ?? []).length);
    expect(html).toContain("Quality against cost: pass rate with 95% interval by cost per 1k requests</title>");
    expect(html).toContain("Latency distribution per candidate</title>");
    expect(html).toContain("exact_match: mean with 95% interval per candidate</title>");
    expect(html).toContain("rouge_l: mean with 95% interval per candidate</title>");
    expect((html.match(/role="img"/g) ?? []).length).toBe(4);
  });

  it("needs nothing from the network", () => {
    const html = renderHtml(fixtureSummary(), fixtureExtras());
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it("shows the header, the simulated banner, the free lane, gates, skipped candidates and failing cases", () => {
    const html = renderHtml(fixtureSummary(), fixtureExtras());
    expect(html).toContain("<h1>support-bot / triage</h1>");
    expect(html).toContain("<strong>SIMULATED</strong>");
    expect(html).toContain('<tr class="simulated">');
    expect(html).toContain(">free / local</text>");
    expect(html).toContain("USD, log scale");
    expect(html).toContain('<span class="badge fail">FAIL</span></td><td><strong>local-qwen</strong>');
    expect(html).toContain("<strong>claude-haiku</strong>: ANTHROPIC_API_KEY is not set");
    expect(html).toContain("<details><summary>gpt-mini: 2 failing cases</summary>");
    expect(html).toContain("I think it is | maybe &lt;b&gt;shipping&lt;/b&gt;");
    expect(html).toContain("84.3%");
    expect(html).toContain("$0.0936");
  });

  it("has no simulated banner for a real run", () => {
    const summary = fixtureSummary();
    summary.run.simulated = false;
    summary.candidates = summary.candidates.filter((candidate) => !candidate.labels.includes("simulated"));
    expect(renderHtml(summary)).not.toContain("SIMULATED");
  });

  it("escapes every piece of user text", () => {
    const html = renderHtml(hostileSummary(), {
      failures: [{ candidate: "<script>alert(1)</script>", caseId: "<i>", output: "</pre><script>x()</script>", reason: "<b>" }],
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<i>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(tagBalanceProblem(html.replace(/^<!doctype html>/, ""))).toBeNull();
  });

  it("stays small for ten candidates with full latency samples", () => {
    const base = fixtureSummary();
    const template = base.candidates[0];
    if (!template) throw new Error("fixture has candidates");
    const summary: RunSummary = {
      ...base,
      candidates: Array.from({ length: 10 }, (_, index) => ({
        ...structuredClone(template),
        id: `candidate-${index}`,
        efficiency: { ...structuredClone(template.efficiency), latency_sample_ms: Array.from({ length: 2000 }, (__, sample) => 100 + ((sample * 7919) % 3000)) },
      })),
    };
    const html = renderHtml(summary, fixtureExtras());
    expect(html.length).toBeLessThan(200_000);
    expect(tagBalanceProblem(html.replace(/^<!doctype html>/, ""))).toBeNull();
  });

  it("draws no chart for a run where nothing was measured", () => {
    const summary = fixtureSummary();
    summary.candidates = [];
    const html = renderHtml(summary);
    expect(html).not.toContain("<svg");
    expect(html).toContain("No candidate ran.");
  });
});
