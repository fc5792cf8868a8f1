import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

describe("tuneops quickstart", () => {
  it("scaffolds the example, runs every offline candidate, lists what it skipped and writes the reports", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tuneops-quickstart-"));
    const result = await runCli(["quickstart"], { cwd: dir });
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    const project = join(dir, "tuneops-quickstart");
    for (const file of ["tuneops.yaml", "data/routing-test.csv", "data/faq-test.jsonl", "reports/routing.html", "reports/faq.html", ".tuneops/tuneops.db"]) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    expect(result.stderr).toContain("skipped openai (gpt-4o-mini): OPENAI_API_KEY is not set");
    expect(result.stderr).toContain("skipped local GGUF model: TUNEOPS_GGUF is not set");
    expect(result.stdout).toMatch(/baseline-classifier/);
    expect(result.stdout).toMatch(/baseline-faq/);
    expect(result.stdout).toMatch(/recorded/);
    expect(result.stdout).toMatch(/next:/);
    const html = readFileSync(join(project, "reports", "routing.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script|<link|src=/);

    const runs = await runCli(["runs", "list", "--json"], { cwd: project });
    expect(runs.code).toBe(0);
    const list = JSON.parse(runs.stdout) as { id: string; suite: string; status: string }[];
    expect(list.map((run) => run.suite).sort()).toEqual(["faq", "routing"]);
    expect(list.every((run) => run.status === "completed")).toBe(true);
    const shown = await runCli(["runs", "show", list[0]!.id], { cwd: project });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(list[0]!.id);
    const missing = await runCli(["runs", "show", "no-such-run"], { cwd: project });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/hint: List runs with `(tuneops|npx tuneops|node \S+\/bin\/tuneops\.js) runs list`/);
  });
});

describe("tuneops init", () => {
  it("creates a project that evaluates, and refuses to overwrite one without --force", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tuneops-init-"));
    expect((await runCli(["init", "project"], { cwd: dir })).code).toBe(0);
    const again = await runCli(["init", "project"], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("is not empty; nothing was changed");
    expect(again.stderr).toContain("would overwrite 13 of its files: README.md,");
    const evaluated = await runCli(["eval", "routing", "--limit", "20", "--json"], { cwd: join(dir, "project") });
    expect(evaluated.code).toBe(0);
    expect((JSON.parse(evaluated.stdout) as { dataset: { cases: number } }).dataset.cases).toBe(20);
  });
});

describe("tuneops schema", () => {
  it("matches the committed schema/tuneops.schema.json (regenerate with `npm run schema`)", async () => {
    const result = await runCli(["schema"], { cwd: tmpdir() });
    expect(result.code).toBe(0);
    const committed = readFileSync(new URL("../../schema/tuneops.schema.json", import.meta.url), "utf8");
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(committed));
  });
});
