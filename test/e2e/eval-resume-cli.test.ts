import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { echoCases, runCli, startCli, tempProject } from "../support/cli.js";

// The candidate's upstream (faults are set on it to hold calls) and a separate judge that grades in JSON.
let upstream: MockServer;
let grader: MockServer;
beforeAll(async () => {
  upstream = await startOpenAiMockServer();
  grader = await startOpenAiMockServer({ reply: () => '{"reason": "matches the reference", "grade": 5}' });
});
afterAll(async () => {
  await upstream.close();
  await grader.close();
});

function project(options: { judge?: boolean } = {}): string {
  const judge = options.judge
    ? `      - type: llm-rubric
        provider: grader
        rubric: The answer repeats the question.
`
    : "";
  return `project: resume
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  echo: { type: openai-compatible, model: gpt-4o-mini, base_url: ${upstream.url}, local: false, concurrency: 2, max_retries: 3, stream: false }
  grader: { type: openai-compatible, model: judge-model, base_url: ${grader.url}, local: false, concurrency: 2, stream: false }
evals:
  echo:
    dataset: cases
    candidates:
      - id: echo
        provider: echo
        prompt: "{{ input }}"
    scorers:
      - type: equals
${judge}`;
}

function query<T>(dir: string, sql: string): T {
  const db = new Database(join(dir, ".tuneops", "tuneops.db"), { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the condition never held");
}

/**
 * Starts `tuneops eval ARGS` while the upstream answers every call with a 429 and a long Retry-After,
 * waits until calls are held, and stops it with Ctrl-C: an interrupted run with no results.
 */
async function interruptedRun(dir: string, args: string[]): Promise<string> {
  upstream.setFault({ kind: "rate-limit", retryAfterSeconds: 60 });
  try {
    const before = upstream.requests;
    const { child, done } = startCli(["eval", ...args], { cwd: dir });
    await until(() => upstream.requests > before);
    child.kill("SIGINT");
    const stopped = await done;
    expect(stopped.code, stopped.stderr).toBe(130);
  } finally {
    upstream.setFault(undefined);
  }
  const { id } = query<{ id: string }>(dir, "select id from runs order by created_at desc limit 1");
  expect(query<{ status: string }>(dir, `select status from runs where id = '${id}'`).status).toBe("interrupted");
  return id;
}

describe("tuneops eval --resume keeps the run it resumes", () => {
  it("finishes a run whose judge uses a provider no candidate uses, and builds a dataset from it", async () => {
    const dir = await tempProject({ "tuneops.yaml": project({ judge: true }), "cases.jsonl": echoCases(4) });
    const runId = await interruptedRun(dir, ["--no-cache"]);
    const resumed = await runCli(["eval", "--resume", runId, "--json"], { cwd: dir });
    expect(resumed.stderr).not.toMatch(/unknown provider/);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { candidates: { n: number; metrics: { name: string; mean: number | null }[] }[] };
    expect(summary.candidates[0]!.n).toBe(4);
    expect(summary.candidates[0]!.metrics.find((metric) => metric.name === "llm-rubric")?.mean).toBe(1);

    const dataset = await runCli(["dataset", "from-run", runId, "--out", "train.jsonl", "--json"], { cwd: dir });
    expect(dataset.stderr).not.toMatch(/unknown provider/);
    expect(dataset.code, dataset.stderr).toBe(0);
    expect(JSON.parse(dataset.stdout)).toMatchObject({ candidate: "echo", cases: 4 });
  });

  it("keeps --limit and --no-cache: the resumed run plans the limited cases and calls around a primed cache", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": echoCases(12) });
    expect((await runCli(["eval"], { cwd: dir })).code).toBe(0);
    const runId = await interruptedRun(dir, ["--limit", "3", "--no-cache"]);
    const before = upstream.requests;
    const resumed = await runCli(["eval", "--resume", runId, "--json"], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { candidates: { n: number }[] }).candidates[0]!.n).toBe(3);
    expect(query<{ n: number }>(dir, `select count(*) n from results where run_id = '${runId}'`).n).toBe(3);
    expect(query<{ n: number }>(dir, `select count(*) n from results where run_id = '${runId}' and cached = 1`).n).toBe(0);
    expect(upstream.requests - before).toBe(3);
  });

  it("refuses options that would change the resumed run's plan, naming them", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": echoCases(2) });
    const runId = await interruptedRun(dir, []);
    const refused = await runCli(["eval", "--resume", runId, "--limit", "1", "--no-cache"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--limit, --no-cache cannot be given with it/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("a run whose process died", () => {
  const slow = `project: dead
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  slow: { type: simulated, latency_ms: 40, response: expected, concurrency: 4 }
evals:
  slow:
    dataset: cases
    candidates:
      - provider: slow
    scorers:
      - type: equals
`;

  it("is marked interrupted by `runs list`, which shows the results stored and the owner, and resumes", async () => {
    const dir = await tempProject({ "tuneops.yaml": slow, "cases.jsonl": echoCases(200) });
    const { child, done } = startCli(["eval"], { cwd: dir });
    await until(() => {
      try {
        return query<{ n: number }>(dir, "select count(*) n from results").n >= 20;
      } catch {
        return false;
      }
    });
    child.kill("SIGKILL");
    await done;
    const { id, pid, host, status } = query<{ id: string; pid: number; host: string; status: string }>(dir, "select id, pid, host, status from runs");
    expect(status).toBe("running");
    expect(pid).toBe(child.pid);
    const stored = query<{ n: number }>(dir, "select count(*) n from results").n;

    const listed = await runCli(["runs", "list", "--json"], { cwd: dir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, status: "interrupted", planned: 200, stored, host, pid })]);
    const table = await runCli(["runs", "list"], { cwd: dir });
    expect(table.stdout).toContain(`${stored}/200`);

    const resumed = await runCli(["eval", "--resume", id], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(query<{ status: string; pid: number }>(dir, "select status, pid from runs")).toMatchObject({ status: "completed" });
    expect(query<{ n: number }>(dir, "select count(*) n from results").n).toBe(200);
  });
});
