import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import { echoCases, runCli, tempProject } from "../support/cli.js";

let upstream: MockServer;
beforeAll(async () => {
  upstream = await startOpenAiMockServer();
});
afterAll(async () => {
  await upstream.close();
});

function project(options: { scorers?: string; gates?: string } = {}): string {
  return `project: e2e
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  echo: { type: openai-compatible, model: gpt-4o-mini, base_url: ${upstream.url}, local: true, max_retries: 0 }
evals:
  echo:
    dataset: cases
    candidates:
      - id: echo
        provider: echo
        prompt: "{{ input }}"
    scorers:
${options.scorers ?? "      - type: equals\n"}${options.gates ?? ""}`;
}

const noStack = /at .*\.js:\d+/;

describe("bad input is named and limited", () => {
  it("a dataset whose rows are all bad lists the first bad lines with their reasons (exit 2)", async () => {
    const rows = Array.from({ length: 30 }, (_, index) => `{"id": "c${index}", "input": `).join("\n");
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": `${rows}\n` });
    const result = await runCli(["eval"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(noStack);
    expect(result.stderr).toMatch(/no valid cases: 30 row\(s\) cannot be read/);
    expect(result.stderr).toMatch(/cases\.jsonl:1: invalid JSON/);
    expect(result.stderr).toMatch(/cases\.jsonl:20: invalid JSON/);
    expect(result.stderr).not.toMatch(/cases\.jsonl:21:/);
    expect(result.stderr).toMatch(/and 10 more/);
  });

  it("a gate on a proportion with min: 90 is a config error whose hint says 0.9 (exit 2)", async () => {
    const dir = await tempProject({ "tuneops.yaml": project({ gates: "    gates:\n      - metric: pass_rate\n        min: 90\n" }), "cases.jsonl": echoCases(3) });
    const result = await runCli(["eval"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/gates\[0\]\.min: 90 is outside 0 to 1/);
    expect(result.stderr).toMatch(/min: 0\.9/);
    const scorerGate = await tempProject({ "tuneops.yaml": project({ gates: "    gates:\n      - metric: equals\n        max: 5\n" }), "cases.jsonl": echoCases(3) });
    expect((await runCli(["eval"], { cwd: scorerGate })).code).toBe(2);
  });

  it("runs list --limit abc is an error (exit 2)", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": echoCases(2) });
    const result = await runCli(["runs", "list", "--limit", "abc"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--limit must be a whole number from 1 to 10000, got "abc"/);
  });

  it("a javascript scorer whose thrown object loops in a getter cannot hang the run", async () => {
    const scorers = `      - type: equals
      - type: javascript
        expression: "(() => { throw { get message() { for (;;) {} } }; })()"
      - type: javascript
        name: spin
        expression: "(() => { const spin = () => Promise.resolve().then(spin); spin(); return true; })()"
`;
    const dir = await tempProject({ "tuneops.yaml": project({ scorers }), "cases.jsonl": echoCases(3) });
    const result = await runCli(["eval", "--json"], { cwd: dir });
    expect(result.stderr).not.toMatch(noStack);
    const summary = JSON.parse(result.stdout) as { run: { status: string }; candidates: { n: number }[] };
    expect(summary.run.status).toBe("completed");
    expect(summary.candidates[0]?.n).toBe(3);
  }, 60_000);
});
