#!/usr/bin/env node
// The newcomer's quickstart, timed on a fresh clone (issue 16): clones this checkout's HEAD into a
// temporary folder, gives it this checkout's node_modules as hard links (what `npm ci` would install;
// pass --npm-ci to run npm ci instead) and runs its `prepare` (npm ci's compile step): all of that is
// excluded. Then it times, in order:
//   1. `npx tuneops quickstart`, the README's command, the first time in this clone
//   2. `npx tuneops quickstart` again (npx's cache for this clone now exists)
//   3. `node bin/tuneops.js quickstart` (no npx)
// each against the 5 s limit, with CPU time (user + sys of the process tree, from /usr/bin/time) beside
// the wall time, since the development machine is shared and its load average is printed.
// Usage: node bench/quickstart-time.mjs [--npm-ci] [--keep]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const limitSeconds = 5;
const checkout = new URL("..", import.meta.url).pathname;
const useNpmCi = process.argv.includes("--npm-ci");
const keep = process.argv.includes("--keep");

const folder = mkdtempSync(join(tmpdir(), "tuneops-fresh-clone-"));
const clone = join(folder, "tuneops");
const load = () => loadavg().map((value) => value.toFixed(2)).join(" ");

function timed(command, args, cwd) {
  const timer = existsSync("/usr/bin/time") ? ["/usr/bin/time", ["-f", "\n%e %U %S", command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  const result = spawnSync(timer[0], timer[1], { cwd, encoding: "utf8", env: { ...process.env, CI: "true", NO_COLOR: "1", OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "", TUNEOPS_GGUF: "", TUNEOPS_DATABASE_URL: "" } });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  const times = /\n([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
  return { wall, cpu: times ? Number(times[2]) + Number(times[3]) : undefined };
}

try {
  console.log(`machine: ${availableParallelism()} x ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}, npm ${execFileSync("npm", ["--version"], { encoding: "utf8" }).trim()}`);
  console.log(`load average before: ${load()}`);
  execFileSync("git", ["clone", "--quiet", checkout, clone]);
  if (useNpmCi) execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: clone, stdio: "ignore" });
  else {
    execFileSync("cp", ["-al", join(checkout, "node_modules"), join(clone, "node_modules")]);
    execFileSync("npm", ["run", "prepare"], { cwd: clone, stdio: "ignore" });
  }
  const runs = [
    ["npx tuneops quickstart (first in the clone)", "npx", ["tuneops", "quickstart", "--dir", "qs-1"]],
    ["npx tuneops quickstart (again)", "npx", ["tuneops", "quickstart", "--dir", "qs-2"]],
    ["node bin/tuneops.js quickstart", process.execPath, ["bin/tuneops.js", "quickstart", "--dir", "qs-3"]],
  ];
  console.log("\n| command | wall time | CPU time (user + sys) | wall / 5 s limit |\n| --- | ---: | ---: | ---: |");
  for (const [name, command, args] of runs) {
    const { wall, cpu } = timed(command, args, clone);
    console.log(`| ${name} | ${wall.toFixed(2)} s | ${cpu === undefined ? "-" : `${cpu.toFixed(2)} s`} | ${(wall / limitSeconds).toFixed(2)} |`);
  }
  console.log(`\nload average after: ${load()}`);
} finally {
  if (keep) console.log(`clone kept in ${clone}`);
  else rmSync(folder, { recursive: true, force: true });
}
