import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

// 32 cases; `half` answers the reference on even cases only, `down` fails every call (error_rate 1).
const project = `project: failures
datasets:
  qa: { path: qa.jsonl, id: id }
providers:
  half: { type: script, path: half.mjs }
  down: { type: simulated, error_rate: 1, max_retries: 0 }
evals:
  qa:
    dataset: qa
    candidates:
      - { id: half, provider: half }
      - { id: customer-support-model-with-a-long-identifier, provider: down }
    scorers:
      - type: exact-match
`;

const half = `export default async function answer({ vars }) {
  const index = Number(vars.id.slice(1));
  return index % 2 === 0 ? vars.expected : "wrong answer " + index;
}
`;

const cases = Array.from({ length: 32 }, (_, index) => JSON.stringify({ id: `c${index}`, input: `Question number ${index}?`, expected: `Answer ${index}` })).join("\n");

describe("failures are visible where people look", () => {
  it("names error codes with counts and first messages, counts and pages every failing case, and exports every case", async () => {
    const dir = await tempProject({ "tuneops.yaml": project, "qa.jsonl": cases, "half.mjs": half });
    const run = await runCli(["eval", "--markdown", "report.md"], { cwd: dir, env: { COLUMNS: "100" } });
    expect(run.code, run.stderr).toBe(0);
    // The terminal names the error code, its count and its first message.
    expect(run.stdout).toMatch(/Errors\n {2}customer-support-model-with-a-long-identifier: 32 of 32 calls failed\n {4}\S+ ×32: \S/);
    // Ids are never cut, and the tables fit COLUMNS where they can.
    expect(run.stdout).not.toMatch(/custome…|customer-support-mod…/);

    const markdown = await readFile(join(dir, "report.md"), "utf8");
    expect(markdown).toContain("### half: 16 of 32 cases failed");
    expect(markdown).toContain("### customer-support-model-with-a-long-identifier: 32 of 32 cases failed");
    expect(markdown).toContain("<summary>Page 2 of 2: cases 26–32</summary>");
    expect(markdown).toContain("Input:\n\n```text\nQuestion number 31?\n```");
    expect(markdown).toContain("Expected:\n\n```text\nAnswer 31\n```");
    expect(markdown).toContain("Output:\n\n```text\nwrong answer 31\n```");
    expect(markdown).toMatch(/\| `exact-match` \| \*\*fail\*\* \| 0\.000 \| .+ \|/);
    const runId = /run (\S+) \(/.exec(run.stdout)![1]!;
    const html = await readFile(join(dir, ".tuneops", "reports", `${runId}.html`), "utf8");
    expect(html).toContain("<strong>half</strong>: 16 of 32 cases failed");
    for (let index = 1; index < 32; index += 2) expect(html).toContain(`<code>c${index}</code>`);

    const shown = await runCli(["runs", "show", runId], { cwd: dir });
    expect(shown.stdout).toMatch(/ ×32: \S/);

    const exported = await runCli(["runs", "show", runId, "--cases"], { cwd: dir });
    expect(exported.code, exported.stderr).toBe(0);
    const rows = exported.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(64);
    expect(rows.find((row) => row.candidate === "half" && row.case_id === "c3")).toMatchObject({ input: "Question number 3?", expected: "Answer 3", output: "wrong answer 3", pass: false, scorers: [{ name: "exact-match", pass: false }] });
    const failing = await runCli(["runs", "show", runId, "--cases", "--failing", "--candidate", "half", "--format", "csv"], { cwd: dir });
    const lines = failing.stdout.trim().split("\n");
    expect(lines[0]).toBe("candidate,case_id,case_index,repeat,pass,score,input,expected,output,error_code,error_message,latency_ms,cost_usd,cached,scorers");
    expect(lines).toHaveLength(17);
    expect(lines[1]).toMatch(/^half,c1,1,0,false,0,Question number 1\?,Answer 1,wrong answer 1,/);

    const stray = await runCli(["runs", "show", runId, "--failing"], { cwd: dir });
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--cases");
    const badFormat = await runCli(["runs", "show", runId, "--cases", "--format", "xml"], { cwd: dir });
    expect(badFormat.code).toBe(2);
  });
});
