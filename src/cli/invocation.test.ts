import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npxFindsTuneops, tuneopsCommand, withTuneopsCommand } from "./invocation.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tuneops invocation-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folder(...parts: string[]): Promise<string> {
  const path = join(root, ...parts);
  await mkdir(path, { recursive: true });
  return path;
}

describe("tuneopsCommand", () => {
  it("says `tuneops` when an executable tuneops is on the PATH, and only then", async () => {
    const bin = await folder("bin");
    const elsewhere = await folder("elsewhere");
    await symlink(new URL("../../bin/tuneops.js", import.meta.url).pathname, join(bin, "tuneops"));
    expect(tuneopsCommand(elsewhere, { path: `/nonexistent:${bin}` })).toBe("tuneops");
    // npx and npm run put node_modules/.bin folders on the PATH of what they start; the user's shell lacks them.
    const npxBin = await folder("npx-cache", "node_modules", ".bin");
    await symlink(new URL("../../bin/tuneops.js", import.meta.url).pathname, join(npxBin, "tuneops"));
    expect(tuneopsCommand(elsewhere, { path: npxBin, packageRoot: "/opt/tuneops" })).toBe("node /opt/tuneops/bin/tuneops.js");

    const notExecutable = await folder("not-executable");
    await writeFile(join(notExecutable, "tuneops"), "#!/bin/sh\n");
    await chmod(join(notExecutable, "tuneops"), 0o644);
    expect(tuneopsCommand(elsewhere, { path: notExecutable, packageRoot: "/opt/tuneops" })).toBe("node /opt/tuneops/bin/tuneops.js");
    expect(tuneopsCommand(elsewhere, { path: undefined, packageRoot: "/opt/tuneops" })).toBe("node /opt/tuneops/bin/tuneops.js");
  });

  it("says `npx tuneops` in a clone and in projects that depend on tuneops, never where npx would ask the registry", async () => {
    const clone = await folder("clone");
    await writeFile(join(clone, "package.json"), JSON.stringify({ name: "tuneops", bin: { tuneops: "bin/tuneops.js" } }));
    const inClone = await folder("clone", "tuneops-quickstart", "data");
    expect(tuneopsCommand(inClone, { path: "" })).toBe("npx tuneops");

    const dependent = await folder("dependent");
    await writeFile(join(dependent, "package.json"), JSON.stringify({ name: "my-app" }));
    await folder("dependent", "node_modules", ".bin");
    expect(npxFindsTuneops(dependent)).toBe(false);
    await writeFile(join(dependent, "node_modules", ".bin", "tuneops"), "");
    expect(npxFindsTuneops(join(dependent))).toBe(true);

    // A project of its own inside the clone is where npx looks, and it lacks tuneops.
    const nested = await folder("clone", "my-app");
    await writeFile(join(nested, "package.json"), JSON.stringify({ name: "my-app" }));
    expect(npxFindsTuneops(nested)).toBe(false);
    // A folder that only has node_modules is a prefix too.
    const modulesOnly = await folder("clone", "scratch", "node_modules");
    expect(npxFindsTuneops(join(modulesOnly, ".."))).toBe(false);

    const other = await folder("other-package");
    await writeFile(join(other, "package.json"), JSON.stringify({ name: "tuneops-fork-without-bin" }));
    expect(tuneopsCommand(other, { path: "", packageRoot: "/opt/tuneops" })).toBe("node /opt/tuneops/bin/tuneops.js");
  });

  it("quotes a package folder the shell would split", () => {
    expect(tuneopsCommand(root, { path: "", packageRoot: "/home/a b/it's" })).toBe(`node '/home/a b/it'\\''s/bin/tuneops.js'`);
  });
});

describe("withTuneopsCommand", () => {
  it("rewrites the commands a hint names and leaves other mentions of tuneops alone", () => {
    const text = 'List runs with `tuneops runs list`; run "tuneops init" (tuneops eval --resume r1). next: tuneops arena rate';
    expect(withTuneopsCommand(text, "npx tuneops")).toBe('List runs with `npx tuneops runs list`; run "npx tuneops init" (npx tuneops eval --resume r1). next: npx tuneops arena rate');
    const prose = "a tuneops project in tuneops.yaml; tuneops is not on your PATH; tuneops never compiles llama.cpp";
    expect(withTuneopsCommand(prose, "node /x/bin/tuneops.js")).toBe(prose);
    expect(withTuneopsCommand(text, "tuneops")).toBe(text);
  });
});
