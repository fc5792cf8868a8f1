import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { runCli } from "../support/cli.js";

const example = new URL("../../examples/banking77/", import.meta.url).pathname;

interface Summary {
  dataset: { cases: number };
  candidates: { id: string; n: number; errors: number; classification: { accuracy: number; macro_f1: number; kappa: number; per_class: unknown[] }[] }[];
  gates: { passed: boolean }[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tuneops-banking77-"));
  await cp(example, dir, { recursive: true, filter: (source) => !source.includes(".tuneops") });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

describe("examples/banking77", () => {
  it("evaluates the baseline on all 3,080 test messages and 77 intents, with the figures its README shows", { timeout: 240_000 }, async () => {
    const result = await runCli(["eval", "--json"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.dataset.cases).toBe(3080);
    const baseline = summary.candidates[0]!;
    expect(baseline.n).toBe(3080);
    expect(baseline.errors).toBe(0);
    const report = baseline.classification[0]!;
    expect(report.per_class).toHaveLength(77);
    expect(summary.gates.every((gate) => gate.passed)).toBe(true);
    const readme = readFileSync(join(example, "README.md"), "utf8");
    expect(readme).toContain(`**${percent(report.accuracy)}**`);
    expect(readme).toContain(`| ${report.macro_f1.toFixed(3)} | ${report.kappa.toFixed(3)} |`);
  });

  describe("with an LLM candidate", () => {
    let upstream: MockServer;
    const labels = JSON.parse(readFileSync(join(example, "data", "categories.json"), "utf8")) as string[];
    const intentOf = new Map((parse(readFileSync(join(example, "data", "test.csv")), { columns: true }) as { text: string; category: string }[]).map((row) => [row.text, row.category]));
    beforeAll(async () => {
      // A model that knows every answer and wraps it the way chat models do.
      upstream = await startOpenAiMockServer({
        reply: (request) => {
          const intent = intentOf.get(request.messages.at(-1)?.content ?? "") ?? "no idea";
          return intent.length % 2 === 0 ? `**${intent.toUpperCase()}**` : `The intent is ${intent}.`;
        },
      });
    });
    afterAll(async () => {
      await upstream.close();
    });

    it("is added by uncommenting one line, and its answers are read as the 77 labels", { timeout: 120_000 }, async () => {
      const config = join(dir, "tuneops.yaml");
      const original = await readFile(config, "utf8");
      const line = "      # - { provider: llama-local, prompt: intent, params: { temperature: 0, max_tokens: 16 } }";
      expect(original).toContain(line);
      // Point the Ollama provider at the local server (the test's set-up), then the user's one-line change.
      const pointed = original.replace("base_url: http://127.0.0.1:11434/v1", `base_url: ${upstream.url}`);
      await writeFile(config, pointed.replace(line, line.replace("# - ", "- ")));
      try {
        const result = await runCli(["eval", "--limit", "60", "--json"], { cwd: dir });
        expect(result.code, result.stderr).toBe(0);
        const summary = JSON.parse(result.stdout) as Summary;
        expect(summary.candidates.map((candidate) => candidate.id)).toEqual(["baseline", "llama-local.intent"]);
        const llm = summary.candidates[1]!;
        expect(llm.n).toBe(60);
        expect(llm.errors).toBe(0);
        expect(llm.classification[0]!.accuracy).toBe(1);
        const system = (upstream.lastBody as { messages: { role: string; content: string }[] }).messages[0]!;
        for (const label of labels) expect(system.content).toContain(label);
      } finally {
        await writeFile(config, original);
      }
    });
  });
});
