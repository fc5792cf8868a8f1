import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, runCli } from "../support/cli.js";

const repoRoot = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** A PATH with node, npx and sh (npx runs bins through it) and nothing else: tuneops is not on it, whatever this machine has installed. */
let bareBin: string;
/** The same plus a `tuneops` link to this checkout's bin, as `npm install -g .` makes. */
let installedBin: string;
let scratch: string;
const inClone = join(repoRoot, ".tmp", `init-cli-${process.pid}`);

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "tuneops-init-cli-"));
  bareBin = join(scratch, "bare-bin");
  installedBin = join(scratch, "installed-bin");
  for (const bin of [bareBin, installedBin]) {
    await mkdir(bin);
    await symlink(process.execPath, join(bin, "node"));
    await symlink(join(dirname(process.execPath), "npx"), join(bin, "npx"));
    await symlink("/bin/sh", join(bin, "sh"));
  }
  await symlink(cliPath, join(installedBin, "tuneops"));
  await mkdir(inClone, { recursive: true });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(inClone, { recursive: true, force: true });
});

/** Runs a line exactly as a user pastes it into a shell in `cwd`. */
function shell(line: string, options: { cwd: string; path: string }): Promise<{ code: number | null; output: string }> {
  const child = spawn("/bin/sh", ["-c", line], { cwd: options.cwd, env: { ...process.env, PATH: options.path, CI: "true", NO_COLOR: "1", TUNEOPS_DATABASE_URL: "" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

/** The command lines init prints under "next:", without their comments. */
function nextLines(stdout: string): string[] {
  return stdout
    .slice(stdout.indexOf("next:") + "next:".length)
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("tuneops is not on your PATH"));
}

describe("tuneops init: the next steps it prints work where the user is", () => {
  it("says `tuneops` when it is on the PATH, and the printed lines run", async () => {
    const result = await runCli(["init", "project"], { cwd: scratch, env: { PATH: installedBin } });
    expect(result.code, result.stderr).toBe(0);
    expect(nextLines(result.stdout)).toEqual(["cd project", "tuneops eval", "tuneops runs list"]);
    const listed = await shell("cd project && tuneops runs list", { cwd: scratch, path: installedBin });
    expect(listed.code, listed.output).toBe(0);
    expect(listed.output).toContain("no runs yet: start one with `tuneops eval`");
  });

  it("spells out the node command, with how to get tuneops on the PATH, where neither tuneops nor npx would find it", async () => {
    const result = await runCli(["init", "elsewhere"], { cwd: scratch, env: { PATH: bareBin } });
    expect(result.code, result.stderr).toBe(0);
    const command = `node ${repoRoot}/bin/tuneops.js`;
    expect(nextLines(result.stdout)).toEqual(["cd elsewhere", `${command} eval`, `${command} runs list`]);
    expect(result.stdout).toContain(`tuneops is not on your PATH: \`npm install -g ${repoRoot}\` puts it there`);
    expect(result.stdout).not.toContain("npx");
    const listed = await shell(`cd elsewhere && ${command} runs list`, { cwd: scratch, path: bareBin });
    expect(listed.code, listed.output).toBe(0);
    expect(listed.output).toContain(`no runs yet: start one with \`${command} eval\``);
    const missing = await runCli(["runs", "show", "no-such-run"], { cwd: join(scratch, "elsewhere"), env: { PATH: bareBin } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`hint: List runs with \`${command} runs list\`.`);
  });

  it("says `npx tuneops` inside the clone, and that line runs", async () => {
    const result = await runCli(["init", "project"], { cwd: inClone, env: { PATH: bareBin } });
    expect(result.code, result.stderr).toBe(0);
    expect(nextLines(result.stdout)).toEqual(["cd project", "npx tuneops eval", "npx tuneops runs list"]);
    const listed = await shell("cd project && npx tuneops runs list", { cwd: inClone, path: bareBin });
    expect(listed.code, listed.output).toBe(0);
    expect(listed.output).toContain("no runs yet: start one with `npx tuneops eval`");
  });
});

describe("tuneops init into a folder that is not empty", () => {
  it("lists what it would overwrite, add and keep, changes nothing, and asks for --force", async () => {
    const dir = join(scratch, "mine");
    await mkdir(join(dir, "data"), { recursive: true });
    await writeFile(join(dir, "tuneops.yaml"), "project: mine\n");
    await writeFile(join(dir, "notes.txt"), "my notes\n");
    await writeFile(join(dir, "data", "own.csv"), "a,b\n");
    const result = await runCli(["init", "mine"], { cwd: scratch, env: { PATH: installedBin } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${dir} is not empty; nothing was changed`);
    expect(result.stderr).toContain("would overwrite 1 of its files: tuneops.yaml");
    expect(result.stderr).toMatch(/would add 12 files: README\.md, data\/ATTRIBUTION\.md, /);
    expect(result.stderr).toContain("would keep as they are: data/own.csv, notes.txt");
    expect(result.stderr).toContain("hint: Run `tuneops init mine --force` to write the example anyway (replacing those 1 files)");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, "tuneops.yaml"), "utf8")).toBe("project: mine\n");
    expect(existsSync(join(dir, "data", "routing-test.csv"))).toBe(false);

    const forced = await runCli(["init", "mine", "--force"], { cwd: scratch, env: { PATH: installedBin } });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`created a tuneops project in ${dir} (13 files, overwriting tuneops.yaml)`);
    expect(readFileSync(join(dir, "tuneops.yaml"), "utf8")).toContain("project: northwind-support");
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("my notes\n");
    expect(readFileSync(join(dir, "data", "own.csv"), "utf8")).toBe("a,b\n");
  });

  it("treats a folder holding only .git as empty, and refuses a file in the way even with --force", async () => {
    const repo = join(scratch, "repo");
    await mkdir(join(repo, ".git"), { recursive: true });
    expect((await runCli(["init", "repo"], { cwd: scratch, env: { PATH: installedBin } })).code).toBe(0);
    expect(existsSync(join(repo, "tuneops.yaml"))).toBe(true);

    const blocked = join(scratch, "blocked");
    await mkdir(blocked);
    await writeFile(join(blocked, "data"), "not a folder");
    const result = await runCli(["init", "blocked", "--force"], { cwd: scratch, env: { PATH: installedBin } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the example cannot be written there; nothing was changed");
    expect(result.stderr).toContain("data/ATTRIBUTION.md (data is a file there)");
    expect(existsSync(join(blocked, "tuneops.yaml"))).toBe(false);
  });
});
