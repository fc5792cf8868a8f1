import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliPath, runCli, tempProject, type CliResult } from "../support/cli.js";

// A full disk is a small tmpfs (needs root with mount rights, as in the CI container); a read-only
// folder is a folder without write permission, read by an unprivileged user when the tests run as root
// (root writes through permissions).
const isRoot = process.getuid?.() === 0;
const mountPoint = mkdtempSync(join(tmpdir(), "tuneops-full-"));
const canMount = isRoot && spawnSync("mount", ["-t", "tmpfs", "-o", "size=1500k", "tmpfs", mountPoint]).status === 0;
afterAll(() => {
  if (canMount) spawnSync("umount", [mountPoint]);
});

const project = `project: store-faults
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  echo: { type: script, path: echo.mjs }
evals:
  echo:
    dataset: cases
    candidates:
      - id: echo
        provider: echo
        prompt: "{{ input }}"
    scorers:
      - type: equals
`;
const echo = `export default async function echo({ prompt }) { return prompt + " " + "x".repeat(200); }\n`;
function cases(count: number): string {
  return Array.from({ length: count }, (_, index) => JSON.stringify({ id: `c${index}`, input: `question ${index}`, expected: `question ${index}` })).join("\n") + "\n";
}

function runAs(args: readonly string[], cwd: string, uid: number | undefined): Promise<CliResult> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd,
    env: { ...process.env, CI: "true", NO_COLOR: "1", TUNEOPS_DATABASE_URL: "", HOME: tmpdir() },
    stdio: ["ignore", "pipe", "pipe"],
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe("a store that cannot be written", () => {
  it.skipIf(!canMount)("a full disk stops the run cleanly: interrupted, resumable, 'the disk is full', exit 3", async () => {
    const dir = join(mountPoint, "project");
    mkdirSync(dir);
    writeFileSync(join(dir, "tuneops.yaml"), project);
    writeFileSync(join(dir, "echo.mjs"), echo);
    writeFileSync(join(dir, "cases.jsonl"), cases(3000));
    const result = await runCli(["eval"], { cwd: dir });
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the disk is full/);
    expect(result.stderr).toMatch(/marked interrupted/);
    expect(result.stderr).toMatch(/Free space on the disk .* Then finish the run with `.*eval --resume /);
    const runs = JSON.parse((await runCli(["runs", "list", "--json"], { cwd: dir })).stdout) as { id: string; status: string; stored: number; planned: number }[];
    expect(runs[0]).toMatchObject({ status: "interrupted", planned: 3000 });
    expect(runs[0]!.stored).toBeGreaterThan(0);
    expect(runs[0]!.stored).toBeLessThan(3000);
    // Room again (the dataset was the biggest file): the run resumes and completes.
    writeFileSync(join(dir, "cases.jsonl"), cases(3000));
    spawnSync("mount", ["-o", "remount,size=8m", mountPoint]);
    const resumed = await runCli(["eval", "--resume", runs[0]!.id, "--json"], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { candidates: { n: number }[] }).candidates[0]?.n).toBe(3000);
  }, 120_000);

  it("a read-only folder: read-only commands work, a run says read-only (exit 3)", async () => {
    const dir = await tempProject({ "tuneops.yaml": project, "echo.mjs": echo, "cases.jsonl": cases(5) });
    const first = await runCli(["eval", "--json"], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const runId = (JSON.parse(first.stdout) as { run: { id: string } }).run.id;
    const lock = (path: string): void => {
      for (const name of readdirSync(path)) {
        const child = join(path, name);
        if (statSync(child).isDirectory()) lock(child);
        else chmodSync(child, 0o444);
      }
      chmodSync(path, 0o555);
    };
    lock(dir);
    const uid = isRoot ? 65534 : undefined;
    const list = await runAs(["runs", "list"], dir, uid);
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(runId);
    const show = await runAs(["runs", "show", runId], dir, uid);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain("completed");
    const again = await runAs(["eval"], dir, uid);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/the store is read-only/);
    expect(again.stderr).not.toMatch(/at .*\.js:\d+/);
  }, 60_000);
});
