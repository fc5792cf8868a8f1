import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWordTokenCounter } from "../testing/word-token-counter.js";
import { validateTrainingData } from "./validate-training-data.js";

const folder = mkdtempSync(join(tmpdir(), "tuneops-train-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
function file(lines: readonly (string | object)[], extension = "jsonl"): string {
  const path = join(folder, `f${files++}.${extension}`);
  writeFileSync(path, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n");
  return path;
}
const chat = (user: string, assistant: string) => ({ messages: [{ role: "user", content: user }, { role: "assistant", content: assistant }] });

describe("validateTrainingData", () => {
  it("reports every problem with its line, and counts tokens through the injected counter", async () => {
    const path = file([chat("What is two plus two?", "Four."), "{not json", { messages: [{ role: "user", content: "Hi" }] }, "", chat("Say hello", "Hello there friend")]);
    const report = await validateTrainingData({ path, tokenCounter: createWordTokenCounter(), contextLimit: 12 });
    expect(report.ok).toBe(false);
    expect(report.examples).toBe(4);
    expect(report.valid_examples).toBe(2);
    expect(report.errors.map((issue) => [issue.line, issue.code])).toEqual([
      [2, "invalid_json"],
      [3, "example_missing_assistant_message"],
    ]);
    // 3 per example + 3 per message + words.
    expect(report.tokens).toMatchObject({ counted: true, encoding: "test-words", total: 29, min: 14, max: 15, per_example: [{ line: 1, tokens: 15 }, { line: 5, tokens: 14 }], over_limit: 2 });
    expect(report.warnings.map((issue) => [issue.line, issue.code])).toEqual([
      [1, "over_context_limit"],
      [5, "over_context_limit"],
    ]);
  });

  it("says tokens were not counted when no counter is given", async () => {
    const report = await validateTrainingData({ path: file([chat("a", "b")]) });
    expect(report.ok).toBe(true);
    expect(report.tokens).toMatchObject({ counted: false, encoding: null, total: null, per_example: [] });
  });

  it("finds duplicates (whatever the key order), PII and per-message weight statistics", async () => {
    const reordered = { messages: [{ content: "Hi", role: "user" }, { content: "Yo", role: "assistant" }] };
    const path = file([chat("Hi", "Yo"), reordered, chat("Mail me at jane.doe@example.com", "Sure"), { messages: [{ role: "user", content: "x" }, { role: "assistant", content: "y", weight: 0 }, { role: "user", content: "z" }, { role: "assistant", content: "w" }] }]);
    const report = await validateTrainingData({ path });
    expect(report.ok).toBe(true);
    expect(report.duplicates).toBe(1);
    expect(report.warnings.map((issue) => [issue.line, issue.code])).toEqual([
      [2, "duplicate_example"],
      [3, "pii_found"],
    ]);
    expect(report.warnings[1]?.message).not.toContain("jane.doe@example.com");
    expect(report.pii).toEqual({ examples: 1, by_type: { email: 1 } });
    expect(report.assistant_messages).toEqual({ total: 5, weight_zero: 1 });
  });

  it("finds prompts leaked into evaluation sets, exactly and once normalised", async () => {
    const evalJsonl = file([{ id: "1", question: "How do I reset my PIN?" }, { id: "2", question: "Where is my card?" }]);
    const evalCsv = file(["text,category", "Can I close my account?,close"], "csv");
    const path = file([chat("How do I reset my PIN?", "a"), chat("where is my card", "b"), chat("can i close my account", "c"), chat("Something else", "d")]);
    const report = await validateTrainingData({ path, evalPaths: [evalJsonl, evalCsv] });
    expect(report.ok).toBe(false);
    expect(report.leakage).toMatchObject({ eval_prompts: 3, exact: 1, normalised: 2 });
    expect(report.errors.map((issue) => [issue.line, issue.code])).toEqual([
      [1, "eval_leakage"],
      [2, "eval_leakage"],
      [3, "eval_leakage"],
    ]);
    expect(report.errors[0]?.message).toContain(`${evalJsonl}:1`);
  });

  it("checks preference files in both formats and refuses mixed formats", async () => {
    const openai = { input: { messages: [{ role: "user", content: "Hi" }] }, preferred_output: [{ role: "assistant", content: "Hello!" }], non_preferred_output: [{ role: "assistant", content: "What." }] };
    const report = await validateTrainingData({ path: file([openai, { ...openai, non_preferred_output: [] }, chat("a", "b")]), tokenCounter: createWordTokenCounter() });
    expect(report.format).toBe("openai-preference");
    expect(report.errors.map((issue) => [issue.line, issue.code])).toEqual([
      [2, "invalid_preference_output"],
      [3, "mixed_formats"],
    ]);
    // Both sequences of the pair: (3 + 3 + 1 + 3 + 1) twice.
    expect(report.tokens.total).toBe(22);
    const trl = await validateTrainingData({ path: file([{ prompt: "Hi", chosen: "Hello!", rejected: "Hello!" }, { prompt: "Hi", chosen: "Hello!" }]) });
    expect(trl.format).toBe("trl-preference");
    expect([...trl.warnings, ...trl.errors].map((issue) => [issue.line, issue.code])).toEqual([
      [1, "identical_preference_outputs"],
      [2, "missing_preference_key"],
    ]);
  });

  it("streams a large file", async () => {
    const lines: object[] = [];
    for (let index = 0; index < 20_000; index++) lines.push(chat(`question ${index}`, `answer ${index}`));
    let progress = 0;
    const report = await validateTrainingData({ path: file(lines), tokenCounter: createWordTokenCounter(), onProgress: (count) => (progress = count) });
    expect(report).toMatchObject({ ok: true, examples: 20_000, valid_examples: 20_000, duplicates: 0 });
    expect(progress).toBe(20_000);
  });
});
