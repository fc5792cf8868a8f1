import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

interface DecisionJson {
  runs: { id: string; suite: string }[];
  options: { id: string; kind: string; monthly_cost_usd: number | null; quality: { mean: number | null; ci_low: number | null; ci_high: number | null }; meets_slo: boolean; net_value_usd: number | null; excluded: string | null }[];
  recommendation: { option: string | null; reasons: string[] };
  break_even: { a: string; b: string; volume: number; below: string; above: string }[];
  sensitivity: { assumption: string; flips_at: number | null; new_option: string | null }[];
}

describe("tuneops decide on the quickstart (Northwind Bank)", () => {
  let project = "";
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "tuneops-decide-"));
    const result = await runCli(["quickstart", "--no-detect"], { cwd: dir });
    expect(result.code).toBe(0);
    project = join(dir, "tuneops-quickstart");
  }, 60_000);

  it("routing: the no-LLM baseline meets the service levels and is recommended", async () => {
    const result = await runCli(["decide", "--suite", "routing", "--json"], { cwd: project });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DecisionJson;
    expect(report.runs.map((run) => run.suite)).toEqual(["routing"]);
    const [baseline] = report.options;
    expect(baseline).toMatchObject({ id: "baseline-classifier", kind: "baseline", meets_slo: true, excluded: null });
    expect(baseline?.quality.mean).toBeGreaterThan(0.85);
    expect(baseline?.quality.ci_low).toBeLessThan(baseline?.quality.mean ?? 0);
    expect(baseline?.monthly_cost_usd).toBeGreaterThan(0);
    expect(report.recommendation.option).toBe("baseline-classifier");
    expect(report.recommendation.reasons.join("\n")).toContain("no generative model is needed");
  });

  it("faq: the baseline misses the quality level, the recorded chatbot is recommended, with break-even, sensitivity and an HTML report", async () => {
    const html = join(project, "reports", "decide-faq.html");
    const result = await runCli(["decide", "--suite", "faq", "--json", "--html", html], { cwd: project });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DecisionJson;
    const byId = new Map(report.options.map((option) => [option.id, option]));
    expect(byId.get("baseline-faq")).toMatchObject({ kind: "baseline", meets_slo: false });
    expect(byId.get("recorded")).toMatchObject({ kind: "prompting", meets_slo: true });
    expect(byId.get("recorded")?.net_value_usd).toBeGreaterThan(byId.get("baseline-faq")?.net_value_usd ?? 0);
    expect(report.recommendation).toMatchObject({ option: "recorded" });
    expect(report.recommendation.reasons.join("\n")).toMatch(/baseline-faq is not enough: misses quality 35\.8% < 70\.0%/);
    expect(report.break_even).toHaveLength(1);
    expect(report.break_even[0]).toMatchObject({ a: "baseline-faq", b: "recorded", below: "baseline-faq", above: "recorded" });
    expect(report.sensitivity.find((entry) => entry.assumption === "quality[recorded]")?.flips_at).toBeCloseTo(0.7, 6);
    expect(existsSync(html)).toBe(true);
    const page = readFileSync(html, "utf8");
    expect(page).toContain('id="chart-cost-volume"');
    expect(page).toContain('id="chart-pareto"');
    expect(page).not.toMatch(/<script|<link|src=/);

    const text = await runCli(["decide", "--run", report.runs[0]!.id], { cwd: project });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("recommendation: recorded");
    expect(text.stdout).toContain("sensitivity: what would change the recommendation");

    // What if only 300 requests a month came in: below the break-even volume, the net value ranks flip,
    // but the baseline still misses the quality level, so the chatbot stays the only qualifying option.
    const small = JSON.parse((await runCli(["decide", "--suite", "faq", "--volume", "300", "--json"], { cwd: project })).stdout) as DecisionJson & { use_case: { volume_per_month: number } };
    expect(small.use_case.volume_per_month).toBe(300);
    expect(small.recommendation.option).toBe("recorded");
    const bad = await runCli(["decide", "--volume", "lots"], { cwd: project });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--volume");
  });

  it("names a missing use case and an unknown run", async () => {
    const bare = await tempProject({ "tuneops.yaml": "project: bare\n" });
    const missing = await runCli(["decide"], { cwd: bare });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/tuneops\.yaml: no `use_case:`/);
    expect(missing.stderr).toContain("hint:");
    const unknown = await runCli(["decide", "--run", "no-such-run"], { cwd: project });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--run no-such-run: no run with this id");
  });

  it("names the line of a use case error", async () => {
    const bad = await tempProject({ "tuneops.yaml": "project: bad\nuse_case:\n  audience: everyone\n  volume_per_month: 10\n  value_per_success_usd: 1\n  cost_per_failure_usd: 1\n" });
    const result = await runCli(["decide"], { cwd: bad });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tuneops\.yaml:3/);
    expect(result.stderr).toContain("use_case.audience");
  });
});

// The example of OpenAI's cookbook: 124 tokens with o200k_base, chat formatting included.
const cookbookExample = {
  messages: [
    { role: "system", content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English." },
    { role: "system", name: "example_user", content: "New synergies will help drive top-line growth." },
    { role: "system", name: "example_assistant", content: "Things working well together will increase revenue." },
    { role: "system", name: "example_user", content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
    { role: "system", name: "example_assistant", content: "Let's talk later when we're less busy about how to do better." },
    { role: "user", content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
  ],
};

describe("tuneops finetune estimate", () => {
  it("counts tokens, applies the epoch heuristic and prices the job", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tuneops-estimate-"));
    const file = join(dir, "train.jsonl");
    await writeFile(file, `${Array.from({ length: 10 }, () => JSON.stringify(cookbookExample)).join("\n")}\n`);
    const result = await runCli(["finetune", "estimate", file, "--model", "gpt-4o-mini-2024-07-18", "--json"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const estimate = JSON.parse(result.stdout) as Record<string, unknown>;
    // 10 examples x 3 epochs < 100, so epochs = 100 // 10 = 10; billed = 1,240 x 10; at $3 per million.
    expect(estimate).toMatchObject({ encoding: "o200k_base", approximate: false, examples: 10, dataset_tokens: 1240, epochs: 10, epochs_source: "heuristic", billed_tokens: 12_400, training_price_per_mtok: 3 });
    expect(estimate["cost_usd"]).toBeCloseTo(0.0372, 10);

    const given = await runCli(["finetune", "estimate", file, "--model", "claude-haiku-4-5", "--epochs", "2", "--json"], { cwd: dir });
    expect(JSON.parse(given.stdout)).toMatchObject({ approximate: true, epochs: 2, epochs_source: "given", billed_tokens: 2480, cost_usd: null });
  });

  it("names the line of a bad example", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tuneops-estimate-"));
    const file = join(dir, "train.jsonl");
    await writeFile(file, `${JSON.stringify(cookbookExample)}\n{"messages": [{"content": "no role"}]}\n`);
    const result = await runCli(["finetune", "estimate", file, "--model", "gpt-4o-mini"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("train.jsonl:2: `messages.0.role`");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
