import { describe, expect, it } from "vitest";
import { fixtureExtras, fixtureSummary, hostileSummary, legacySummary } from "./__fixtures__/run-summary.fixture.js";
import { renderMarkdown } from "./render-markdown.js";

/** The rows of the first table after a heading, split into cells (escaped pipes kept inside cells). */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line === heading);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("|")) rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
    else if (rows.length > 0) break;
  }
  return rows;
}

describe("renderMarkdown", () => {
  it("renders a candidate table with a header, a separator and one row per candidate", () => {
    const rows = tableAfter(renderMarkdown(fixtureSummary()), "## Candidates");
    expect(rows).toHaveLength(2 + 3);
    expect(rows[0]?.[0]).toBe("Candidate");
    expect(rows[1]?.every((cell) => /^-{3}:?$/.test(cell))).toBe(true);
    for (const row of rows) expect(row).toHaveLength(11);
    const hosted = rows.find((row) => row[0]?.includes("gpt-mini"));
    expect(hosted).toEqual(["**gpt-mini**", "openai/gpt-4o-mini", "200", "2", "84.3%", "[78.7%, 88.7%]", "0.871", "820 ms", "1.80 s", "84", "$0.0936"]);
    const local = rows.find((row) => row[0]?.includes("local-qwen"));
    expect(local?.[10]).toBe("no price");
  });

  it("labels simulated figures", () => {
    const markdown = renderMarkdown(fixtureSummary());
    expect(markdown).toContain("SIMULATED");
    expect(markdown).toContain("figures from the simulated provider are not real");
    expect(markdown).toContain("**sim-fast** _simulated_ ⚠️");
  });

  it("lists per-scorer metrics, gates, skipped candidates and failing cases", () => {
    const markdown = renderMarkdown(fixtureSummary(), fixtureExtras());
    const metrics = tableAfter(markdown, "## Metrics by scorer");
    // Two scorer metrics for each candidate and a corpus BLEU for two of them.
    expect(metrics).toHaveLength(2 + 8);
    expect(markdown).toContain("1 failed, 2 passed.");
    const gates = tableAfter(markdown, "## Gates");
    expect(gates.find((row) => row[1] === "local-qwen")).toEqual(["❌ **FAIL**", "local-qwen", "`pass_rate >= 0.8`", "0.61 (61.0%)"]);
    expect(markdown).toContain("- **claude-haiku**: ANTHROPIC\\_API\\_KEY is not set");
    expect(markdown).toContain("### gpt-mini: 2 of 200 results failed");
    expect(markdown).toContain("Input:\n\n```text\nI was charged twice, can I get my money back?\n```");
    expect(markdown).toContain("| `exact_match` | **fail** | 0.000 | expected \\`refund\\` |");
    expect(markdown).toContain("_No output (the call failed)._");
    // An output holding a code fence gets a longer fence.
    expect(markdown).toContain("````text\nI think it is | maybe <b>shipping</b>\n```\nsecond line\n````");
  });

  it("escapes user text so it can neither break a table nor inject HTML", () => {
    const markdown = renderMarkdown(hostileSummary());
    expect(markdown).not.toContain("<script>");
    expect(markdown).not.toContain("<img");
    expect(markdown).toContain("&lt;script&gt;");
    for (const row of tableAfter(markdown, "## Candidates")) expect(row).toHaveLength(11);
  });

  it("shows corpus metrics as such, on their own scale", () => {
    const metrics = tableAfter(renderMarkdown(fixtureSummary()), "## Metrics by scorer");
    expect(metrics.find((row) => row[0] === "**gpt-mini**" && row[1] === "bleu (corpus)")).toEqual(["**gpt-mini**", "bleu (corpus)", "198", "48.53", "[45.1, 51.9]", "bootstrap"]);
  });

  it("lists every comparison statement with its verdict in bold, and a table of the differences", () => {
    const markdown = renderMarkdown(fixtureSummary());
    expect(markdown).toContain("- **local-qwen better** on _rouge\\_l_: local-qwen is better than gpt-mini on rouge\\_l by 0.048");
    expect(markdown).toContain("- **gpt-mini better** on _pass\\_rate_:");
    expect(markdown).toContain("- **cannot tell apart with n = 198; about 2,310 cases needed** on _bleu_:");
    const rows = tableAfter(markdown, "## Comparisons");
    expect(rows).toHaveLength(2 + 3);
    expect(rows[2]).toEqual(["pass\\_rate", "local-qwen vs gpt-mini", "198", "-23.2 pp", "[-30.5, -16.0]", "p < 0.001", "mcnemar", "8.6 pp"]);
    expect(rows[4]).toEqual(["bleu", "local-qwen vs gpt-mini", "198", "-1.43", "[-4.90, 2.04]", "p = 0.42", "paired-t", "4.86"]);
  });

  it("reports classification with a per-class table and the most confused pairs", () => {
    const markdown = renderMarkdown(fixtureSummary());
    expect(markdown).toContain("### gpt-mini: intent\n\naccuracy 87.9% \\[82.6%, 91.7%\\] of 198, macro-F1 0.887, micro-F1 0.879, weighted-F1 0.885, kappa 0.838.");
    expect(markdown).toContain("Most confused (expected → predicted): _refund_ → _billing_ 6 (12.5%)");
    const perClass = tableAfter(markdown, "### gpt-mini: intent");
    expect(perClass).toHaveLength(2 + 4);
    expect(perClass[2]).toEqual(["billing", "0.853", "0.867", "0.860", "60"]);
  });

  it("reports label rates, judge consistency and repeat consistency", () => {
    const markdown = renderMarkdown(fixtureSummary());
    expect(tableAfter(markdown, "## Label rates")[2]).toEqual(["gpt-mini", "toxicity", "toxic", "1.5%", "[0.5%, 4.4%]", "3", "198"]);
    expect(tableAfter(markdown, "## Judge consistency")[2]).toEqual(["gpt-mini", "helpfulness", "198", "3", "93.9%", "0.041"]);
    const repeat = tableAfter(markdown, "## Repeat consistency");
    expect(repeat[0]).toEqual(["Candidate", "Cases", "pass@2", "pass^2", "Always pass", "Always fail", "Flaky"]);
    expect(repeat[3]).toEqual(["local-qwen", "100", "81.0%", "41.0%", "30", "10", "60"]);
    expect(markdown).toContain("- Flaky in **local-qwen**: t-001, t-004");
    expect(markdown).toContain("t-028 and 50 more");
  });

  it("escapes hostile labels, statements and case ids in the new sections", () => {
    const markdown = renderMarkdown(hostileSummary());
    expect(markdown).not.toMatch(/<script|<img|<svg|<b>/);
    for (const heading of ["## Comparisons", "## Label rates", "## Repeat consistency"]) {
      const rows = tableAfter(markdown, heading);
      expect(rows.length).toBeGreaterThan(2);
      for (const row of rows) expect(row).toHaveLength(rows[0]?.length ?? 0);
    }
    const perClass = tableAfter(markdown, "### &lt;script&gt;alert(1)&lt;/script&gt;: &lt;b&gt;intent&lt;/b&gt;");
    expect(perClass).toHaveLength(2 + 4);
    for (const row of perClass) expect(row).toHaveLength(5);
  });

  it("renders a summary written before schema 1.1 without the new sections", () => {
    const markdown = renderMarkdown(legacySummary());
    for (const heading of ["## Comparisons", "## Classification", "## Label rates", "## Judge consistency", "## Repeat consistency"]) expect(markdown).not.toContain(heading);
    expect(tableAfter(markdown, "## Metrics by scorer")).toHaveLength(2 + 6);
  });
});

describe("renderMarkdown: failing cases", () => {
  it("says how many cases failed and pages through every one of them", () => {
    const failures = Array.from({ length: 30 }, (_, index) => ({ candidate: "local-qwen", caseId: `c-${index}`, output: `answer ${index}`, reason: "exact_match did not pass" }));
    const markdown = renderMarkdown(fixtureSummary(), { failures });
    expect(markdown).toContain("### local-qwen: 30 of 200 results failed");
    expect(markdown).toContain("<summary>Page 2 of 2: cases 26–30</summary>");
    for (let index = 0; index < 30; index += 1) expect(markdown).toContain(`**Case c-${index}**`);
  });
});
