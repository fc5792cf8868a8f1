import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { cliReferenceCommand, renderCliReference } from "./cli-reference.js";
import { commandLoaders } from "./command-loaders.js";

const referencePath = new URL("../../docs/cli.md", import.meta.url);

describe("the CLI reference (docs/cli.md)", () => {
  it("is the commands' current --help: regenerate it when a command or option changes", async () => {
    const expected = await renderCliReference();
    const actual = await readFile(referencePath, "utf8").catch(() => "");
    if (actual !== expected) {
      // The whole file is compared; the first differing line tells the reader what changed.
      const actualLines = actual.split("\n");
      const expectedLines = expected.split("\n");
      const found = expectedLines.findIndex((line, position) => line !== actualLines[position]);
      const index = found === -1 ? expectedLines.length : found;
      expect.fail(
        `docs/cli.md is stale: run \`${cliReferenceCommand}\` and commit docs/cli.md.\n` +
          `first difference at line ${index + 1}:\n  docs/cli.md: ${JSON.stringify(actualLines[index] ?? "(end of file)")}\n  --help now:  ${JSON.stringify(expectedLines[index] ?? "(end of file)")}`,
      );
    }
  });

  it("documents every command and subcommand, each under its own heading", async () => {
    const reference = await renderCliReference();
    for (const [name] of commandLoaders) expect(reference).toContain(`\n## tuneops ${name}\n`);
    expect(reference).toContain("\n## tuneops gateway keys create\n");
    expect(reference).toContain("\n## tuneops finetune validate\n");
  });
});
