import { describe, expect, it } from "vitest";
import { commandLoaders, loadersFor } from "./command-loaders.js";

const names = (argv: string[]): string[] => loadersFor(["node", "tuneops", ...argv]).map(([name]) => name);

describe("loadersFor", () => {
  it("loads only the command that runs", () => {
    expect(names(["eval", "-c", "tuneops.yaml"])).toEqual(["eval"]);
    expect(names(["gateway", "--upstream", "http://127.0.0.1:1"])).toEqual(["gateway"]);
    expect(names(["--no-color", "runs", "list"])).toEqual(["runs"]);
    expect(names(["help", "decide"])).toEqual(["decide"]);
  });

  it("loads every command for the overall help, the version and unknown commands", () => {
    const all = commandLoaders.map(([name]) => name);
    expect(names([])).toEqual(all);
    expect(names(["--help"])).toEqual(all);
    expect(names(["--version"])).toEqual(all);
    expect(names(["evl"])).toEqual(all);
  });

  it("registers each command under the name it is loaded by", async () => {
    const { Command } = await import("commander");
    for (const [name, load] of commandLoaders) {
      const program = new Command("tuneops");
      const register = await load();
      register(program, { terminal: { out: () => undefined, err: () => undefined } as never, environment: {} as never, exitCode: 0 });
      expect(program.commands.map((command) => command.name())).toEqual([name]);
    }
  });
});
