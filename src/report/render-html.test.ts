import { describe, expect, it } from "vitest";
import type { RunSummary } from "../spec/run-summary.js";
import { fixtureExtras, fixtureSummary, hostileSummary, legacySummary } from "./__fixtures__/run-summary.fixture.js";
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
    expect(html).toContain("bleu: corpus score with 95% bootstrap interval per candidate</title>");
    expect(html).toContain("Confusion matrix: intent (gpt-mini)</title>");
    expect(html).toContain("Confusion matrix: intent (local-qwen)</title>");
    expect(html).toContain("rouge_l: difference with 95% interval per comparison</title>");
    expect(html).toContain("toxicity: rate of toxic with 95% Wilson interval per candidate</title>");
    // Quality/cost, latency, 3 scorer metrics, 3 forest plots (one per compared metric), 2 confusion matrices, 2 label rates.
    expect((html.match(/role="img"/g) ?? []).length).toBe(12);
    expect(new Set([...html.matchAll(/<svg[^>]* id="([^"]+)"/g)].map((match) => match[1])).size).toBe(12);
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
    expect(html).toContain("<details open><summary><strong>gpt-mini</strong>: 2 of 200 results failed</summary>");
    expect(html).toContain("<div>Input</div><pre>I was charged twice, can I get my money back?</pre>");
    expect(html).toContain('<tr><td><code>exact_match</code></td><td><span class="badge fail">fail</span></td><td class="num">0.000</td><td class="reason">expected `refund`</td></tr>');
    expect(html).toContain("<div>Expected</div><pre>refund</pre>");
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
    summary.comparisons = [];
    const html = renderHtml(summary);
    expect(html).not.toContain("<svg");
    expect(html).toContain("No candidate ran.");
  });

  it("draws the confusion matrix with expected rows, predicted columns, counts and row-normalised shading", () => {
    const html = renderHtml(fixtureSummary());
    const svg = /<svg[^>]*id="chart-confusion-0"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(svg).toContain(">predicted</text>");
    expect(svg).toContain(">expected</text>");
    // 4 expected labels x 5 predicted labels (the 4 and "(other)").
    expect((svg.match(/<rect class="cell/g) ?? []).length).toBe(20);
    expect(svg).toContain("<title>expected refund, predicted billing: 6 of 48 (12.5% of the row)</title>");
    // 52 of 60 on the diagonal: opacity 0.08 + 0.92 * 52/60 (0.88 once rounded); the count is white on the dark cell.
    expect(svg).toMatch(/<rect class="cell" [^>]*fill="#4e79a7" fill-opacity="0.88"\/><text class="count on-dark"[^>]*>52<\/text>/);
    expect(svg).toContain('<rect class="cell empty"');
    expect(svg).toContain("174 of 198 on the diagonal (87.9%)");
  });

  it("escapes hostile labels in the confusion matrix, cutting long ones with the full text as a tooltip", () => {
    const html = renderHtml(hostileSummary());
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>/i);
    const svg = /<svg[^>]*id="chart-confusion-0"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(svg).toContain("<title>x&amp;y&lt;/text&gt;&lt;/svg&gt;&lt;svg onload=alert(2)&gt;</title><text");
    expect(svg).toContain(">x&amp;y&lt;/text&gt;&lt;/svg&gt;&lt;…</text>");
    expect(svg).toContain("<title>expected &lt;script&gt;alert(&quot;cm&quot;)&lt;/script&gt;, predicted");
    expect(tagBalanceProblem(html.replace(/^<!doctype html>/, ""))).toBeNull();
  });

  it("shows the most confused pairs instead of a matrix past 30 labels", () => {
    const summary = fixtureSummary();
    const report = summary.candidates[0]?.classification?.[0];
    if (!report) throw new Error("fixture has a classification report");
    const labels = Array.from({ length: 31 }, (_, index) => `label-${index}`);
    report.confusion = { labels, predicted_labels: labels, matrix: labels.map((_, row) => labels.map((__, column) => (row === column ? 10 : column === (row + 1) % 31 ? row + 1 : 0))) };
    const html = renderHtml(summary);
    expect(html).not.toContain("Confusion matrix: intent (gpt-mini)</title>");
    expect(html).toContain("Confusion matrix: intent (local-qwen)</title>");
    expect(html).toContain("31 labels are too many for a readable matrix: the 20 most frequent confusions instead.");
    expect(html).toContain("<tr><td>label-30</td><td>label-0</td><td class=\"num\">31</td>");
  });

  it("draws 30 labels as a heat map with cells still readable", () => {
    const summary = fixtureSummary();
    const report = summary.candidates[0]?.classification?.[0];
    if (!report) throw new Error("fixture has a classification report");
    const labels = Array.from({ length: 30 }, (_, index) => `a-rather-long-label-number-${index}`);
    report.confusion = { labels, predicted_labels: labels, matrix: labels.map((_, row) => labels.map((__, column) => (row === column ? 9 : 1))) };
    const svg = /<svg[^>]*id="chart-confusion-0"[\s\S]*?<\/svg>/.exec(renderHtml(summary))?.[0] ?? "";
    expect((svg.match(/<rect class="cell/g) ?? []).length).toBe(900);
    expect(svg).toMatch(/<rect class="cell" x="[\d.]+" y="[\d.]+" width="18" height="18"/);
    expect(svg).toContain("<title>a-rather-long-label-number-29</title><text");
  });

  it("lists comparisons with highlighted verdicts and a forest plot coloured by verdict", () => {
    const html = renderHtml(fixtureSummary());
    expect(html).toContain('<span class="verdict better">local-qwen better</span> <code>rouge_l</code>: local-qwen is better than gpt-mini on rouge_l');
    expect(html).toContain('<span class="verdict worse">gpt-mini better</span>');
    expect(html).toContain('<span class="verdict tie">cannot tell apart with n = 198; about 2,310 cases needed</span>');
    expect(html).toContain('<td class="num"><strong>-23.2 pp</strong></td><td class="ci">[-30.5, -16.0]</td>');
    expect(html).toContain('<td class="num">2,310</td>');
    const forest = /<svg[^>]*id="chart-forest-2"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(forest).toContain("bleu: difference with 95% interval per comparison</title>");
    expect(forest).toContain('class="zero"');
    expect(forest).toContain('<path class="interval tie"');
    expect(renderHtml(fixtureSummary())).toMatch(/id="chart-forest-0"[\s\S]*?<path class="interval worse"/);
    expect(renderHtml(fixtureSummary())).toMatch(/id="chart-forest-1"[\s\S]*?<path class="interval better"/);
  });

  it("puts corpus metrics in their own table and on their own axis, never on the 0-1 rate axis", () => {
    const html = renderHtml(fixtureSummary());
    const corpusSection = /<h2>Corpus metrics<\/h2>[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    expect(corpusSection).toContain('<code>bleu</code></td><td class="num">198</td><td class="num">48.53</td><td class="ci">[45.1, 51.9]</td><td>bootstrap</td>');
    const scorerSection = /<h2>Metrics by scorer<\/h2>[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    expect(scorerSection).not.toContain("<code>bleu</code>");
    const chart = /<svg[^>]*id="chart-metric-2"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(chart).toContain("corpus score (its own scale)");
    expect(chart).toContain(">60</text>");
    expect(chart).not.toMatch(/>[\d.]+%<\/text>|\d%\]/);
    expect(chart).toContain("gpt-mini: 48.53 [45.10, 51.90]");
    expect(chart).toContain("sim-fast (simulated): no value");
  });

  it("draws label rates as bars with whiskers on a zoomed axis, and reports judge and repeat consistency", () => {
    const html = renderHtml(fixtureSummary());
    const rates = /<svg[^>]*id="chart-rate-0"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(rates).toContain("gpt-mini: 1.5% [0.5%, 4.4%]");
    expect(rates).toContain(">10%</text>");
    expect((rates.match(/class="whisker"/g) ?? []).length).toBe(2);
    expect(html).toContain("toxicity: share of cases labelled toxic, 95% Wilson interval; axis from 0 to 10%.");
    expect(html).toContain('<td class="num">93.9%</td>');
    expect(html).toContain("<th class=\"num\">pass^2</th>");
    expect(html).toContain("<details><summary>local-qwen: 60 flaky cases (t-001, t-004, t-007, t-010, t-013, …)</summary>");
    expect(html).toContain("<code>t-148</code> and 10 more not listed");
  });

  it("renders a summary written before schema 1.1 with none of the new sections", () => {
    const html = renderHtml(legacySummary());
    for (const title of ["Corpus metrics", "Comparisons", "Classification", "Label rates", "Judge consistency", "Repeat consistency"]) expect(html).not.toContain(`<h2>${title}</h2>`);
    expect((html.match(/role="img"/g) ?? []).length).toBe(4);
    expect(tagBalanceProblem(html.replace(/^<!doctype html>/, ""))).toBeNull();
  });
});

describe("renderHtml: failing cases", () => {
  it("says how many cases failed and pages through every one of them", () => {
    const failures = Array.from({ length: 60 }, (_, index) => ({ candidate: "local-qwen", caseId: `c-${index}`, input: `question ${index}`, output: `answer ${index}`, expected: "x", reason: "exact_match did not pass" }));
    const html = renderHtml(fixtureSummary(), { failures });
    expect(html).toContain("<strong>local-qwen</strong>: 60 of 200 results failed");
    expect(html).toContain("<summary>Page 1 of 3: cases 1–25</summary>");
    expect(html).toContain("<summary>Page 3 of 3: cases 51–60</summary>");
    for (let index = 0; index < 60; index += 1) expect(html).toContain(`<code>c-${index}</code>`);
  });
});
