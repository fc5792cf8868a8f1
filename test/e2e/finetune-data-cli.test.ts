import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

const chat = (user: string, assistant: string) => JSON.stringify({ messages: [{ role: "user", content: user }, { role: "assistant", content: assistant }] });

describe("tuneops finetune validate / convert", () => {
  it("reports every problem with its line as JSON and fails the check", async () => {
    const dir = await tempProject({
      "train.jsonl": [chat("Where is my card?", "On its way."), "{oops", JSON.stringify({ messages: [{ role: "user", content: "x" }] }), chat("Call 555-0100? mail a@b.io", "ok")].join("\n") + "\n",
      "eval.jsonl": JSON.stringify({ question: "where is my card" }) + "\n",
    });
    const result = await runCli(["finetune", "validate", "train.jsonl", "--eval", "eval.jsonl", "--json"], { cwd: dir });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; examples: number; errors: { line: number; code: string; message: string }[]; tokens: { counted: boolean }; pii: { examples: number } };
    expect(report.ok).toBe(false);
    expect(report.examples).toBe(4);
    expect(report.errors.map((issue) => [issue.line, issue.code])).toEqual([
      [1, "eval_leakage"],
      [2, "invalid_json"],
      [3, "example_missing_assistant_message"],
    ]);
    expect(report.tokens.counted).toBe(false);
    expect(report.pii.examples).toBe(1);
  });

  it("passes a clean file and says when tokens were not counted", async () => {
    const dir = await tempProject({ "train.jsonl": `${chat("a", "b")}\n${chat("c", "d")}\n` });
    const result = await runCli(["finetune", "validate", "train.jsonl"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("2 example(s), 2 valid");
    expect(result.stdout).toContain("tokens: not counted");
  });

  it("counts tokens with the model's tokenizer and flags examples over the context limit", async () => {
    const dir = await tempProject({ "train.jsonl": `${chat("What is the capital of France?", "Paris.")}\n${chat("Hi", "Hello")}\n` });
    const result = await runCli(["finetune", "validate", "train.jsonl", "--model", "gpt-4o-mini", "--context-limit", "15", "--json"], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { tokens: { counted: boolean; encoding: string; approximate: boolean; total: number; per_example: { line: number; tokens: number }[]; over_limit: number }; warnings: { line: number; code: string }[] };
    expect(report.tokens).toMatchObject({ counted: true, encoding: "o200k_base", approximate: false });
    expect(report.tokens.per_example.map((entry) => entry.line)).toEqual([1, 2]);
    expect(report.tokens.total).toBe(report.tokens.per_example[0]!.tokens + report.tokens.per_example[1]!.tokens);
    expect(report.tokens.per_example[0]!.tokens).toBeGreaterThan(report.tokens.per_example[1]!.tokens);
    // o200k_base with OpenAI's chat overhead: 20 and 13 tokens.
    expect(report.tokens.per_example.map((entry) => entry.tokens)).toEqual([20, 13]);
    expect(report.tokens.over_limit).toBe(1);
    expect(report.warnings.filter((issue) => issue.code === "over_context_limit").map((issue) => issue.line)).toEqual([1]);
  });

  it("converts preference pairs both ways and refuses an unknown format with exit code 2", async () => {
    const dir = await tempProject({ "pairs.jsonl": JSON.stringify({ prompt: "2+2?", chosen: "4", rejected: "5" }) + "\n" });
    expect((await runCli(["finetune", "convert", "pairs.jsonl", "openai.jsonl", "--to", "openai-preference"], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "openai.jsonl"), "utf8"))).toMatchObject({ preferred_output: [{ role: "assistant", content: "4" }] });
    expect((await runCli(["finetune", "convert", "openai.jsonl", "trl.jsonl", "--to", "trl-preference"], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "trl.jsonl"), "utf8"))).toEqual({ prompt: [{ role: "user", content: "2+2?" }], chosen: [{ role: "assistant", content: "4" }], rejected: [{ role: "assistant", content: "5" }] });
    const bad = await runCli(["finetune", "convert", "pairs.jsonl", "x.jsonl", "--to", "alpaca"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--to alpaca is not a training format");
  });
});
