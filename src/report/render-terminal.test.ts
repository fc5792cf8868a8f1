import { describe, expect, it } from "vitest";
import { fixtureSummary, legacySummary } from "./__fixtures__/run-summary.fixture.js";
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

  it("shows corpus metrics on their own scale, never as a percentage", () => {
    const text = renderTerminal(fixtureSummary(), { color: false });
    const row = text.split("\n").find((line) => line.includes("gpt-mini") && line.includes("bleu"));
    expect(row).toMatch(/bleu \(corpus\)\s+198\s+48\.53\s+\[45\.1, 51\.9\]\s+bootstrap/);
    expect(row).not.toContain("%");
    expect(text).toContain("clustered");
  });

  it("lists every comparison with its verdict, coloured by verdict", () => {
    const text = renderTerminal(fixtureSummary(), { color: false });
    expect(text).toContain("Comparisons (paired, against gpt-mini)");
    expect(text).toContain("rouge_l, local-qwen vs gpt-mini: local-qwen better");
    expect(text).toContain("pass_rate, local-qwen vs gpt-mini: gpt-mini better");
    expect(text).toContain("bleu, local-qwen vs gpt-mini: cannot tell apart with n = 198; about 2,310 cases needed");
    expect(text).toContain("local-qwen is better than gpt-mini on rouge_l by 0.048 [0.012, 0.084], p = 0.009");
    const coloured = renderTerminal(fixtureSummary(), { color: true });
    expect(coloured).toContain("\u001b[32mlocal-qwen better\u001b[39m");
    expect(coloured).toContain("\u001b[33mcannot tell apart with n = 198; about 2,310 cases needed\u001b[39m");
  });

  it("summarises classification with a short per-class list, and skips the list past 20 classes", () => {
    const text = renderTerminal(fixtureSummary(), { color: false });
    expect(text).toContain("gpt-mini  intent: accuracy 87.9% [82.6%, 91.7%] of 198, macro-F1 0.887, micro-F1 0.879, weighted-F1 0.885, kappa 0.838");
    expect(text).toMatch(/billing\s+0\.853\s+0\.867\s+0\.860\s+60/);
    const summary = fixtureSummary();
    const report = summary.candidates[0]?.classification?.[0];
    if (!report) throw new Error("fixture has a classification report");
    report.per_class = Array.from({ length: 21 }, (_, index) => ({ label: `class-${index}`, precision: 0.5, recall: 0.5, f1: 0.5, support: 2 }));
    const many = renderTerminal(summary, { color: false });
    expect(many).toContain("21 classes: the per-class table is in the Markdown and HTML reports");
    expect(many).not.toContain("class-20");
  });

  it("shows label rates, judge consistency and repeat consistency with the first flaky cases", () => {
    const text = renderTerminal(fixtureSummary(), { color: false });
    expect(text).toContain("gpt-mini    toxicity: toxic 1.5% [0.5%, 4.4%] of 198");
    expect(text).toContain("helpfulness: agreement 93.9% over 198 cases, 3 samples each, mean sd 0.041");
    expect(text).toContain("pass@2 91.0%, pass^2 77.7% over 100 cases: 77 always pass, 9 always fail, 14 flaky");
    expect(text).toContain("flaky: t-004, t-007, t-010, t-013, t-016 and 9 more");
    // 50 listed of 60: "more" counts the unlisted ones too.
    expect(text).toContain("flaky: t-001, t-004, t-007, t-010, t-013 and 55 more");
  });

  it("renders a summary written before schema 1.1 without the new sections", () => {
    const text = renderTerminal(legacySummary(), { color: false });
    for (const section of ["Comparisons", "Classification", "Label rates", "Judge consistency", "Repeat consistency", "(corpus)"]) expect(text).not.toContain(section);
    expect(text).toContain("Gates (1 failed, 2 passed)");
  });
});

describe("renderTerminal: errors", () => {
  it("names each candidate's error codes with their counts and the first message of each", () => {
    const summary = fixtureSummary();
    const text = renderTerminal(summary, { color: false, errors: [{ candidate: "gpt-mini", code: "provider_timeout", count: 2, firstMessage: "no response after 30000 ms\nsecond line" }] });
    expect(text).toContain("Errors\n  gpt-mini: 2 of 200 calls failed\n    provider_timeout ×2: no response after 30000 ms\n");
    // Without the messages (an old summary), the codes and counts still show.
    expect(renderTerminal(summary, { color: false })).toContain("    provider_timeout ×2\n");
  });
});

describe("renderTerminal: narrow widths", () => {
  it("never cuts a candidate id, only its labels and the descriptive columns", () => {
    const summary = fixtureSummary();
    summary.candidates[0]!.id = "customer-support-gpt-4o-mini-2024-07-18";
    const narrow = renderTerminal(summary, { color: false, width: 60 });
    const rows = narrow.split("\n").filter((line) => line.includes("customer-support"));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row).toContain("customer-support-gpt-4o-mini-2024-07-18");
  });
});
