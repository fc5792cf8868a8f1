import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { echoCases, runCli, tempProject } from "../support/cli.js";

// An upstream whose answers and model version change on demand, like a provider updating a model
// under the same name.
let answerPrefix = "";
let fingerprint = "fp_a";
let upstream: MockServer;
beforeAll(async () => {
  upstream = await startOpenAiMockServer({
    reply: (request) => `${answerPrefix}${request.messages.at(-1)?.content ?? ""}`,
    systemFingerprint: () => fingerprint,
  });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  answerPrefix = "";
  fingerprint = "fp_a";
});

function project(extra = ""): string {
  return `project: cache
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  echo: { type: openai-compatible, model: gpt-4o-mini, base_url: ${upstream.url}, local: false, concurrency: 4, stream: false }
  other: { type: openai-compatible, model: gpt-4o, base_url: ${upstream.url}, local: false, concurrency: 4, stream: false }
evals:
  echo:
    dataset: cases
    candidates:
      - id: echo
        provider: echo
        prompt: "{{ input }}"
    scorers:
      - type: equals
  other:
    dataset: cases
    candidates:
      - id: other
        provider: other
        prompt: "{{ input }}"
    scorers:
      - type: equals
${extra}`;
}

function db(dir: string): Database.Database {
  return new Database(join(dir, ".tuneops", "tuneops.db"));
}

function outputsOfLastRun(dir: string): string[] {
  const store = db(dir);
  try {
    const { id } = store.prepare("select id from runs order by created_at desc, id desc limit 1").get() as { id: string };
    return (store.prepare("select output from results where run_id = ? order by case_index").all(id) as { output: string }[]).map((row) => row.output);
  } finally {
    store.close();
  }
}

describe("tuneops eval --refresh-cache", () => {
  it("calls the model for cached cases and overwrites the entries, so later runs get the new answers", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": echoCases(4) });
    expect((await runCli(["eval", "echo"], { cwd: dir })).code).toBe(0);
    answerPrefix = "new: ";
    const before = upstream.requests;
    expect((await runCli(["eval", "echo"], { cwd: dir })).code).toBe(0);
    expect(upstream.requests).toBe(before);
    expect(outputsOfLastRun(dir)[0]).toBe("question 0");

    const refreshed = await runCli(["eval", "echo", "--refresh-cache"], { cwd: dir });
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(upstream.requests).toBe(before + 4);
    expect(outputsOfLastRun(dir)[0]).toBe("new: question 0");

    expect((await runCli(["eval", "echo"], { cwd: dir })).code).toBe(0);
    expect(upstream.requests).toBe(before + 4);
    expect(outputsOfLastRun(dir)).toEqual(["new: question 0", "new: question 1", "new: question 2", "new: question 3"]);
  });

  it("refuses --refresh-cache with --no-cache", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": echoCases(1) });
    const refused = await runCli(["eval", "--refresh-cache", "--no-cache"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--refresh-cache and --no-cache/);
  });
});

describe("defaults.cache_ttl", () => {
  it("treats entries older than the TTL as misses and overwrites them", async () => {
    const dir = await tempProject({ "tuneops.yaml": project("defaults:\n  cache_ttl: 7d\n"), "cases.jsonl": echoCases(3) });
    expect((await runCli(["eval", "echo"], { cwd: dir })).code).toBe(0);
    // Age one entry past the TTL (eight days), as if it had been written a week ago.
    const aged = Date.now() - 8 * 86_400_000;
    const store = db(dir);
    const key = (store.prepare("select key from response_cache order by key limit 1").get() as { key: string }).key;
    store.prepare("update response_cache set created_at = ?, value = json_set(value, '$.createdAt', ?) where key = ?").run(aged, aged, key);
    store.close();
    answerPrefix = "new: ";
    const before = upstream.requests;
    expect((await runCli(["eval", "echo"], { cwd: dir })).code).toBe(0);
    expect(upstream.requests).toBe(before + 1);
    expect(outputsOfLastRun(dir).filter((output) => output.startsWith("new: "))).toHaveLength(1);
    const check = db(dir);
    expect((check.prepare("select created_at from response_cache where key = ?").get(key) as { created_at: number }).created_at).toBeGreaterThan(aged);
    check.close();
  });

  it("is a config error when it is not a duration, naming the field", async () => {
    const dir = await tempProject({ "tuneops.yaml": project("defaults:\n  cache_ttl: a week\n"), "cases.jsonl": echoCases(1) });
    const refused = await runCli(["eval"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/defaults\.cache_ttl: .*12h, 7d or 2w/);
  });
});

describe("tuneops cache stats|clear", () => {
  it("reports entries per provider and model, and clears by provider, model and age", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": echoCases(3) });
    expect((await runCli(["eval"], { cwd: dir })).code).toBe(0);
    const stats = await runCli(["cache", "stats", "--json"], { cwd: dir });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toEqual([
      expect.objectContaining({ provider: "echo", model: "gpt-4o-mini", entries: 3, model_versions: ["fp_a"] }),
      expect.objectContaining({ provider: "other", model: "gpt-4o", entries: 3, model_versions: ["fp_a"] }),
    ]);
    const table = await runCli(["cache", "stats"], { cwd: dir });
    expect(table.stdout).toMatch(/echo\s+gpt-4o-mini\s+3/);
    expect(table.stdout).toContain("6 cached answer(s)");

    expect(JSON.parse((await runCli(["cache", "clear", "--older-than", "7d", "--json"], { cwd: dir })).stdout)).toEqual({ deleted: 0 });
    const byProvider = await runCli(["cache", "clear", "--provider", "echo"], { cwd: dir });
    expect(byProvider.stdout).toContain("deleted 3 cached answer(s)");
    expect(JSON.parse((await runCli(["cache", "stats", "--json"], { cwd: dir })).stdout)).toEqual([expect.objectContaining({ provider: "other", entries: 3 })]);
    const before = upstream.requests;
    expect((await runCli(["eval", "echo"], { cwd: dir })).code).toBe(0);
    expect(upstream.requests).toBe(before + 3);

    expect(JSON.parse((await runCli(["cache", "clear", "--model", "gpt-4o", "--json"], { cwd: dir })).stdout)).toEqual({ deleted: 3 });
    expect((await runCli(["cache", "clear"], { cwd: dir })).stdout).toContain("deleted 3 cached answer(s)");
    expect((await runCli(["cache", "stats"], { cwd: dir })).stdout).toContain("the response cache is empty");
  });

  it("refuses an --older-than that is not a duration", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": echoCases(1) });
    const refused = await runCli(["cache", "clear", "--older-than", "lastweek"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--older-than lastweek is not a duration/);
  });
});

describe("a model version that changed under the same name", () => {
  it("is stored with each cache entry and shown in the run summary", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": echoCases(6) });
    expect((await runCli(["eval", "echo", "--limit", "2"], { cwd: dir })).code).toBe(0);
    fingerprint = "fp_b";
    const mixed = await runCli(["eval", "echo", "--json"], { cwd: dir });
    expect(mixed.code, mixed.stderr).toBe(0);
    const summary = JSON.parse(mixed.stdout) as { candidates: { model_versions?: { version: string; results: number; cached: number }[] }[] };
    expect(summary.candidates[0]!.model_versions).toEqual([
      { version: "fp_b", results: 4, cached: 0 },
      { version: "fp_a", results: 2, cached: 2 },
    ]);
    const shown = await runCli(["eval", "echo", "--markdown", "report.md"], { cwd: dir });
    expect(shown.stdout).toContain("Model version changed");
    // The third run answers every case from the cache, which holds both versions.
    expect(shown.stdout).toMatch(/echo \(gpt-4o-mini\): fp_b: 4 results \(4 cached\), fp_a: 2 results \(2 cached\)/);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("## Model version changed");
    expect(shown.stdout).toContain("--refresh-cache");
    const stats = JSON.parse((await runCli(["cache", "stats", "--json"], { cwd: dir })).stdout) as { model_versions: string[] }[];
    expect(stats[0]!.model_versions).toEqual(["fp_b", "fp_a"]);
  });
});
