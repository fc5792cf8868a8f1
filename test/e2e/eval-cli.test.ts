import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { echoCases, runCli, startCli, tempProject } from "../support/cli.js";

let upstream: MockServer;
beforeAll(async () => {
  upstream = await startOpenAiMockServer();
});
afterAll(async () => {
  await upstream.close();
});

function upstreamProject(options: { cases: number; extra?: string; gates?: string; stream?: boolean }): string {
  return `project: e2e
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  echo:
    type: openai-compatible
    model: gpt-4o-mini
    base_url: ${upstream.url}
    local: false
    concurrency: 4
    max_retries: 3
    stream: ${options.stream ?? false}
evals:
  echo:
    dataset: cases
    candidates:
      - id: echo
        provider: echo
        prompt: "{{ input }}"
    scorers:
      - type: equals
      - type: icontains
        value: question
${options.gates ?? ""}${options.extra ?? ""}`;
}

function countRows(dir: string, sql: string): number {
  const db = new Database(join(dir, ".tuneops", "tuneops.db"), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("tuneops eval", () => {
  it("evaluates, stores, prices and reports a run; --json follows the documented schema", async () => {
    const dir = await tempProject({ "tuneops.yaml": upstreamProject({ cases: 30, stream: true }), "cases.jsonl": echoCases(30) });
    const result = await runCli(["eval", "--json", "--markdown", "report.md", "--junit", "junit.xml"], { cwd: dir });
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { run: { id: string }; candidates: { n: number; metrics: { name: string; mean: number; ci_low: number; ci_high: number }[]; efficiency: { ttft_ms: unknown; cost_per_1k_requests_usd: number | null } }[] };
    const schema = JSON.parse(readFileSync(new URL("../../schema/run-summary.schema.json", import.meta.url), "utf8")) as object;
    const validate = new Ajv2020.default({ strict: false, validateFormats: false }).compile(schema);
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    const candidate = summary.candidates[0]!;
    expect(candidate.n).toBe(30);
    const passRate = candidate.metrics.find((metric) => metric.name === "pass_rate")!;
    expect(passRate.mean).toBe(1);
    expect(passRate.ci_low).toBeLessThan(1);
    expect(candidate.efficiency.ttft_ms).not.toBeNull();
    expect(candidate.efficiency.cost_per_1k_requests_usd).toBeGreaterThan(0);
    expect(existsSync(join(dir, ".tuneops", "reports", `${summary.run.id}.html`))).toBe(true);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("| Pass rate |");
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toContain("<testsuite");
    expect(countRows(dir, "select count(*) n from results")).toBe(30);
  });

  it("answers the second run from the response cache, and --no-cache bypasses it", async () => {
    const dir = await tempProject({ "tuneops.yaml": upstreamProject({ cases: 12 }), "cases.jsonl": echoCases(12) });
    expect((await runCli(["eval"], { cwd: dir })).code).toBe(0);
    const before = upstream.requests;
    expect((await runCli(["eval"], { cwd: dir })).code).toBe(0);
    expect(upstream.requests).toBe(before);
    expect(countRows(dir, "select count(*) n from results where cached = 1")).toBe(12);
    expect((await runCli(["eval", "--no-cache"], { cwd: dir })).code).toBe(0);
    expect(upstream.requests).toBe(before + 12);
  });

  it("retries a 429 after the upstream's Retry-After and records the answer", async () => {
    const dir = await tempProject({ "tuneops.yaml": upstreamProject({ cases: 1 }), "cases.jsonl": echoCases(1) });
    upstream.setFault({ kind: "rate-limit", retryAfterSeconds: 1, times: 2 });
    const started = Date.now();
    const result = await runCli(["eval", "--no-cache"], { cwd: dir });
    upstream.setFault(undefined);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/retry 1 .*provider_rate_limited/);
    expect(result.stderr).toMatch(/retry 2 /);
    // Two waits of at least the second Retry-After asked for.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(countRows(dir, "select count(*) n from results where error is null")).toBe(1);
  });

  it("records a failing call as data on the result", async () => {
    const dir = await tempProject({ "tuneops.yaml": upstreamProject({ cases: 2 }).replace("max_retries: 3", "max_retries: 0"), "cases.jsonl": echoCases(2) });
    upstream.setFault({ kind: "server-error", status: 500 });
    const result = await runCli(["eval", "--no-cache", "--json"], { cwd: dir });
    upstream.setFault(undefined);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { candidates: { errors: number; error_codes: Record<string, number> }[] };
    expect(summary.candidates[0]!.errors).toBe(2);
    expect(summary.candidates[0]!.error_codes).toEqual({ provider_unavailable: 2 });
  });

  it("exits 1 when a gate fails and names the gate", async () => {
    const gates = "    gates:\n      - metric: pass_rate\n        min: 0.5\n      - metric: latency_p95_ms\n        max: 0.000001\n";
    const dir = await tempProject({ "tuneops.yaml": upstreamProject({ cases: 5, gates }), "cases.jsonl": echoCases(5) });
    const result = await runCli(["eval", "--no-cache"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL.*latency_p95_ms/);
    expect(result.stdout).toMatch(/PASS.*pass_rate/);
  });

  it("exits 2 with file, line and field for a bad project file, without a stack trace", async () => {
    const dir = await tempProject({ "tuneops.yaml": upstreamProject({ cases: 1 }).replace("concurrency: 4", "concurrency: four"), "cases.jsonl": echoCases(1) });
    const result = await runCli(["eval"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tuneops\.yaml:\d+:\d+ providers\.echo\.concurrency: expected/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses unreadable dataset rows with their line numbers unless --allow-bad-rows", async () => {
    const cases = `${echoCases(3)}{"id": "broken", "input": \n${echoCases(1).replace("c0", "c9")}`;
    const dir = await tempProject({ "tuneops.yaml": upstreamProject({ cases: 4 }), "cases.jsonl": cases });
    const refused = await runCli(["eval"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cases\.jsonl:4: /);
    const allowed = await runCli(["eval", "--allow-bad-rows", "--json"], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect((JSON.parse(allowed.stdout) as { dataset: { cases: number } }).dataset.cases).toBe(4);
  });

  it("fills a RAG context from a folder of documents and stores the passages with the result", async () => {
    const extra = `retrievers:
  docs: { type: bm25, path: docs, query: "{{ input }}", top_k: 1 }
`;
    const yaml = upstreamProject({ cases: 1, extra }).replace('prompt: "{{ input }}"', 'prompt: "Context: {{ context }} Question: {{ input }}"\n        retriever: docs');
    const dir = await tempProject({ "tuneops.yaml": yaml, "cases.jsonl": echoCases(1) });
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(join(dir, "docs"));
    await writeFile(join(dir, "docs", "kb.md"), "The answer to question zero is forty two.\n\nCards arrive in five days.\n");
    const result = await runCli(["eval", "--no-cache"], { cwd: dir });
    expect(result.code).toBe(0);
    const db = new Database(join(dir, ".tuneops", "tuneops.db"), { readonly: true });
    const row = db.prepare("select output, retrieved from results").get() as { output: string; retrieved: string };
    db.close();
    expect(row.output).toContain("Context: The answer to question zero is forty two.");
    expect(JSON.parse(row.retrieved)[0].source).toMatch(/kb\.md/);
  });
});

describe("tuneops eval with a SQL retriever", () => {
  it("fills the context from a parameterised query against a SQLite file beside the project", async () => {
    const extra = `retrievers:
  kb: { type: sql, url: "sqlite:kb.db", query: "select body from answers where topic = :topic", params: { topic: "{{ id }}" }, text_column: body }
`;
    const yaml = upstreamProject({ cases: 2, extra }).replace('prompt: "{{ input }}"', 'prompt: "[{{ context }}] {{ input }}"\n        retriever: kb');
    const dir = await tempProject({ "tuneops.yaml": yaml, "cases.jsonl": echoCases(2) });
    const db = new Database(join(dir, "kb.db"));
    db.exec("create table answers (topic text, body text)");
    db.prepare("insert into answers values (?, ?)").run("c1", "stored answer for c1");
    db.close();
    const result = await runCli(["eval", "--no-cache"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const store = new Database(join(dir, ".tuneops", "tuneops.db"), { readonly: true });
    const rows = store.prepare("select case_id, output, retrieved from results order by case_index").all() as { case_id: string; output: string; retrieved: string }[];
    store.close();
    expect(rows[0]?.output).toBe("[] question 0");
    expect(rows[1]?.output).toBe("[stored answer for c1] question 1");
    expect(JSON.parse(rows[1]!.retrieved)).toEqual([{ source: "sql:row 1", text: "stored answer for c1" }]);
  });
});

describe("tuneops eval --resume", () => {
  const simulated = (cases: number) => `project: resume
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  slow: { type: simulated, latency_ms: 40, response: expected, concurrency: 4 }
evals:
  slow:
    dataset: cases
    repeats: 2
    candidates:
      - provider: slow
    scorers:
      - type: equals
`;

  async function waitForResults(dir: string, atLeast: number): Promise<void> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      try {
        if (countRows(dir, "select count(*) n from results") >= atLeast) return;
      } catch {
        // The store is not created yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("no results appeared");
  }

  function runIdOf(dir: string): string {
    const db = new Database(join(dir, ".tuneops", "tuneops.db"), { readonly: true });
    try {
      return (db.prepare("select id from runs").get() as { id: string }).id;
    } finally {
      db.close();
    }
  }

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    it(`finishes a run stopped by ${signal} with no result lost or duplicated`, async () => {
      const dir = await tempProject({ "tuneops.yaml": simulated(150), "cases.jsonl": echoCases(150) });
      const { child, done } = startCli(["eval"], { cwd: dir });
      await waitForResults(dir, 40);
      child.kill(signal);
      const stopped = await done;
      const runId = runIdOf(dir);
      const stored = countRows(dir, "select count(*) n from results");
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(300);
      if (signal === "SIGINT") {
        expect(stopped.code).toBe(130);
        // The hint names tuneops the way it runs here: `tuneops` on the PATH, else the path of bin/tuneops.js.
        expect(stopped.stdout).toMatch(new RegExp(`tuneops(\\.js)? eval --resume ${runId}`));
        expect(countRows(dir, "select count(*) n from runs where status = 'interrupted'")).toBe(1);
      }
      const resumed = await runCli(["eval", "--resume", runId, "--json"], { cwd: dir });
      expect(resumed.stderr).toContain(`${stored} already stored`);
      expect(resumed.code).toBe(0);
      expect(countRows(dir, "select count(*) n from results")).toBe(300);
      expect(countRows(dir, "select count(*) n from (select distinct candidate_id, case_index, repeat from results)")).toBe(300);
      expect(countRows(dir, "select count(*) n from runs where status = 'completed'")).toBe(1);
      const summary = JSON.parse(resumed.stdout) as { run: { simulated: boolean }; candidates: { n: number; labels: string[] }[] };
      expect(summary.candidates[0]!.n).toBe(300);
      expect(summary.run.simulated).toBe(true);
      expect(summary.candidates[0]!.labels).toContain("simulated");
    });
  }
});
