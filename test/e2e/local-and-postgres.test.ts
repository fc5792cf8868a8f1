import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { writeTinyGguf } from "../../src/providers/llama-cpp/testing/tiny-gguf.js";
import { runCli, tempProject } from "../support/cli.js";
import { needs, testPostgresUrl } from "../support/services.js";

const databaseUrl = testPostgresUrl;

function cases(count: number): string {
  return Array.from({ length: count }, (_, index) => JSON.stringify({ id: `c${index}`, input: `hello ${index}`, expected: "{" })).join("\n");
}

describe("a local GGUF model through tuneops eval", () => {
  it("runs in-process with node-llama-cpp, streams, measures time to first token and costs nothing", async () => {
    const dir = await tempProject({
      "cases.jsonl": cases(3),
      "tuneops.yaml": `project: local
datasets:
  cases: { path: cases.jsonl }
providers:
  tiny: { type: llama-cpp, model_path: tiny.gguf, context_size: 512, params: { max_tokens: 8, temperature: 0 } }
evals:
  local:
    dataset: cases
    candidates: [ { provider: tiny, prompt: "Say something about {{ input }}" } ]
    scorers: [ { type: is-json } ]
`,
    });
    await writeTinyGguf(join(dir, "tiny.gguf"));
    const result = await runCli(["eval", "--json"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { candidates: { n: number; errors: number; labels: string[]; efficiency: { ttft_ms: { n: number } | null; output_tokens_total: number; cost_usd_total: number | null } }[] };
    const candidate = summary.candidates[0]!;
    expect(candidate.n).toBe(3);
    expect(candidate.errors).toBe(0);
    expect(candidate.labels).toContain("local");
    expect(candidate.efficiency.ttft_ms?.n).toBe(3);
    expect(candidate.efficiency.output_tokens_total).toBe(24);
    expect(candidate.efficiency.cost_usd_total).toBe(0);
  });

  it("rejects a GGUF file that would crash llama.cpp with a clear error", async () => {
    const dir = await tempProject({
      "cases.jsonl": cases(1),
      "tiny.gguf": "GGUF but not really a model",
      "tuneops.yaml": `project: local
datasets:
  cases: { path: cases.jsonl }
providers:
  tiny: { type: llama-cpp, model_path: tiny.gguf }
evals:
  local:
    dataset: cases
    candidates: [ { provider: tiny } ]
`,
    });
    const result = await runCli(["eval"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tiny.gguf");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the PostgreSQL store through tuneops eval", needs("postgres"), () => {
  it("stores runs and results in PostgreSQL when TUNEOPS_DATABASE_URL is set", async () => {
    const schema = `tuneops_e2e_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const dir = await tempProject({
        "cases.jsonl": cases(25),
        "tuneops.yaml": `project: pg
datasets:
  cases: { path: cases.jsonl }
providers:
  sim: { type: simulated, response: expected, concurrency: 8 }
evals:
  pg:
    dataset: cases
    candidates: [ { provider: sim } ]
    scorers: [ { type: equals } ]
`,
      });
      const url = `${databaseUrl}${databaseUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const result = await runCli(["eval", "--json"], { cwd: dir, env: { TUNEOPS_DATABASE_URL: url } });
      expect(result.code, result.stderr).toBe(0);
      const count = await admin.query(`select count(*)::int as n from ${schema}.results`);
      expect(count.rows[0].n).toBe(25);
      const listed = await runCli(["runs", "list", "--json"], { cwd: dir, env: { TUNEOPS_DATABASE_URL: url } });
      expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(1);
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});
