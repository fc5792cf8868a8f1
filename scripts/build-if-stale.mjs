#!/usr/bin/env node
// `npm ci` runs this (the `prepare` script): it compiles src/ into dist/ unless dist/ is already newer
// than every input. npm runs `prepare` again whenever it installs the clone as a package, and `npx tuneops`
// in a clone does that the first time (npm 11 installs the local package into its npx cache): without
// this check that first run recompiled everything, about 20 s of CPU (bench/RESULTS.md, quickstart).
// `npm run build` and `npm test` always compile.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stamp = join(root, "dist", ".build-stamp");

function newestUnder(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const inputs = Math.max(newestUnder(join(root, "src")), ...["tsconfig.json", "tsconfig.build.json"].map((file) => statSync(join(root, file)).mtimeMs));
if (existsSync(stamp) && statSync(stamp).mtimeMs >= inputs) {
  console.log("dist/ is newer than src/: nothing to compile (npm run build compiles anyway)");
  process.exit(0);
}
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  if (existsSync(join(root, "dist", "cli", "main.js"))) process.exit(0); // an installed package: dist/ is what was published
  console.error("error: TypeScript is missing, so src/ cannot be compiled: run `npm ci` in the clone");
  process.exit(2);
}
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, `${new Date().toISOString()}\n`);
