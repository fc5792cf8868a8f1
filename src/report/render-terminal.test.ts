import { describe, expect, it } from "vitest";
import { fixtureSummary } from "./__fixtures__/run-summary.fixture.js";
import { stripAnsi } from "./ansi.js";
import { renderTerminal } from "./render-terminal.js";

describe("renderTerminal", () => {
  it("shows every candidate's figures", () => {
    const text = renderTerminal(fixtureSummary(), { color: false });
    expect(text).toContain("openai/gpt-4o-mini");
    expect(text).toContain("84.3%");
    expect(text).toContain("[78.7%, 88.7%]");
    expect(text).toContain("0.871");
    expect(text).toContain("820 ms");
    expect(text).toContain("1.80 s");
    expect(text).toContain("$0.0936");
    expect(text).toContain("no price");
    expect(text).toContain("1,950");
    expect(text).toContain("exact_match");
    expect(text).toContain("77.3%");
  });

  it("labels simulated figures and marks the simulated row", () => {
    const text = renderTerminal(fixtureSummary(), { color: false });
    expect(text).toContain("simulated: figures from the simulated provider are not real");
    const row = text.split("\n").find((line) => line.includes("simulated/echo-fast"));
    expect(row).toContain("sim-fast [simulated]");
  });

  it("omits the simulated line when nothing is simulated", () => {
    const summary = fixtureSummary();
    summary.run.simulated = false;
    summary.candidates = summary.candidates.filter((candidate) => !candidate.labels.includes("simulated"));
    expect(renderTerminal(summary, { color: false })).not.toContain("simulated");
  });

  it("reports gates and skipped candidates", () => {
    const text = renderTerminal(fixtureSummary(), { color: false });
    expect(text).toContain("Gates (1 failed, 2 passed)");
    const failed = text.split("\n").find((line) => line.includes("FAIL"));
    expect(failed).toContain("local-qwen");
    expect(failed).toContain("0.61 (61.0%)");
    expect(text).toContain("claude-haiku: ANTHROPIC_API_KEY is not set");
  });

  it("writes no ANSI codes without colour and some with it", () => {
    expect(renderTerminal(fixtureSummary(), { color: false })).not.toContain("\u001b[");
    const coloured = renderTerminal(fixtureSummary(), { color: true });
    expect(coloured).toContain("\u001b[31mFAIL\u001b[39m");
    expect(stripAnsi(coloured)).toBe(renderTerminal(fixtureSummary(), { color: false }));
  });

  it("aligns columns: every candidate row is as wide as its header", () => {
    const lines = renderTerminal(fixtureSummary(), { color: false }).split("\n");
    const header = lines.findIndex((line) => line.trimStart().startsWith("candidate") && line.includes("provider/model"));
    const widths = lines.slice(header, header + 4).map((line) => line.length);
    expect(new Set(widths).size).toBe(1);
  });

  it("fits a narrow width by cutting name columns", () => {
    const wide = renderTerminal(fixtureSummary(), { color: false });
    const narrow = renderTerminal(fixtureSummary(), { color: false, width: 100 });
    const longest = (text: string): number => Math.max(...text.split("\n").filter((line) => line.includes("/")).map((line) => line.length));
    expect(longest(wide)).toBeGreaterThan(100);
    expect(narrow).toContain("…");
    const tableRows = narrow.split("\n").filter((line) => line.includes("$0.0936") || line.includes("no price"));
    for (const row of tableRows) expect(row.length).toBeLessThanOrEqual(100);
  });
});
