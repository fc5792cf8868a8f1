import { describe, expect, it } from "vitest";
import { fixtureExtras, fixtureSummary, hostileSummary } from "./__fixtures__/run-summary.fixture.js";
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
    expect(metrics).toHaveLength(2 + 6);
    expect(markdown).toContain("1 failed, 2 passed.");
    const gates = tableAfter(markdown, "## Gates");
    expect(gates.find((row) => row[1] === "local-qwen")).toEqual(["❌ **FAIL**", "local-qwen", "`pass_rate >= 0.8`", "0.61 (61.0%)"]);
    expect(markdown).toContain("- **claude-haiku**: ANTHROPIC\\_API\\_KEY is not set");
    expect(markdown).toContain("<summary>gpt-mini: 2 failing cases</summary>");
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
});
