/**
 * Every command in the documentation runs here, and what a page shows it printing is checked.
 *
 * The pages: README.md, every guide in docs/ (docs/cli.md is generated and has its own test) and the
 * examples' READMEs. The convention for writing them:
 *
 * 1. Commands go in fenced blocks tagged `sh` or `bash` (every line that is not blank or a `#` comment
 *    is a command; `\` continues a line), or in `console` blocks (or `text` blocks that start with a
 *    `$ ` line), where each `$ ` line is a command and the lines after it are its output. A `tuneops`
 *    command in any other block fails this test, so a command cannot escape it by being fenced `text`.
 * 2. Each page runs in a fresh temporary folder, its blocks in page order, offline: `tuneops` (and
 *    `npx tuneops`) is this checkout's CLI, no API key is set, the store is the project's SQLite file.
 *    `cd DIR` on a line of its own moves the page into DIR for the commands after it.
 * 3. Every command must exit with 0, or with N where the block is preceded by `<!-- doctest: exit=N -->`.
 * 4. Shown output is checked: the shown lines must appear in the real output (stdout and stderr
 *    together) in that order, consecutively, from its first line; a `...` line skips any number of
 *    lines, and the page may stop before the output does. Whitespace runs count as one space; run ids,
 *    job ids, dates, durations and speeds count as equal whatever their value (see normaliseOutputLine).
 * 5. A hidden setup, an HTML comment that starts with the line `<!-- doctest-setup` and ends with a
 *    line `-->`, is a bash script run at that place in the page, unseen by readers: it builds what
 *    the next commands need (a project, a stored run, a local server that speaks OpenAI's protocol) and
 *    names placeholders with `doctest-var NAME VALUE`, after which the page's `NAME` (`RUN_ID`, a port
 *    number) reads VALUE in commands and in shown output. Its helpers are listed in doc-runner.ts.
 * 6. `<!-- doctest: background ready=URL -->` before a block starts its commands as servers that run
 *    until the page is done, and waits until URL answers.
 * 7. A block that cannot run here (it needs a real OpenAI key, a GPU, root, or it would install
 *    something) is preceded by `<!-- doctest: no-run: REASON -->`; the reason is required, and the
 *    block is still checked without running: each `tuneops` command must name existing commands and
 *    only options they accept (from the CLI's own definitions, as `--help` shows them), each
 *    `npm run NAME` an existing script, and a script it runs (`node bench/x.mjs`, `scripts/x.sh`)
 *    must exist in this repository.
 *    Nothing else is skipped.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentSchema } from "../../src/config/env.js";
import { allRegisters, createProgram } from "../../src/cli/create-program.js";
import { createTerminal } from "../../src/cli/terminal.js";
import { findMismatch, parseDocExamples, type DocBlock, type DocCommand } from "../support/doc-examples.js";
import { DocSandbox, repositoryRoot, shellWords, validateAgainstCli, waitForUrl } from "../support/doc-runner.js";

/** Appended to every failure: how to fix a page, for whoever changed it. */
const howToFix =
  "\n(The docs test runs every command of the guides: fix the page or the command, or mark a block that cannot run offline with <!-- doctest: no-run: REASON -->; the convention is at the top of test/e2e/docs-examples.test.ts.)";

async function documentationPages(): Promise<string[]> {
  const docs = (await readdir(join(repositoryRoot, "docs"))).filter((name) => name.endsWith(".md") && name !== "cli.md").map((name) => `docs/${name}`);
  const examples: string[] = [];
  for (const name of await readdir(join(repositoryRoot, "examples"))) {
    const readme = `examples/${name}/README.md`;
    if (await exists(join(repositoryRoot, readme))) examples.push(readme);
  }
  return ["README.md", ...docs.sort(), ...examples.sort()];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

const pages = await documentationPages();
const parsed = await Promise.all(pages.map(async (page) => ({ page, blocks: parseDocExamples(page, await readFile(join(repositoryRoot, page), "utf8")) })));

let program: Command;
let packageScripts: Record<string, string>;
beforeAll(async () => {
  const context = { terminal: createTerminal({ ci: true, noColor: true }), environment: environmentSchema.parse({}), exitCode: 0 };
  program = createProgram(context, await allRegisters());
  packageScripts = (JSON.parse(await readFile(join(repositoryRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
});

describe("the documentation's commands", () => {
  it("every page follows the convention and runs at least what it shows", () => {
    const commandCount = parsed.reduce((sum, { blocks }) => sum + blocks.filter((block) => block.kind === "commands").length, 0);
    expect(pages).toContain("README.md");
    expect(commandCount).toBeGreaterThan(10);
  });

  for (const { page, blocks } of parsed) {
    if (!blocks.some((block) => block.kind === "commands")) continue;
    describe(page, () => {
      let sandbox: DocSandbox;
      beforeAll(async () => {
        sandbox = await DocSandbox.create();
      });
      afterAll(async () => {
        await sandbox.close();
      });
      for (const block of blocks) {
        const title = block.kind === "setup" ? `${page}:${block.line} (hidden setup)` : `${page}:${block.line} ${block.commands[0]?.command.slice(0, 70) ?? ""}`;
        it(title, async () => {
          await runBlock(sandbox, page, block);
        }, 300_000);
      }
    });
  }
});

async function runBlock(sandbox: DocSandbox, page: string, block: DocBlock): Promise<void> {
  if (block.kind === "setup") {
    const result = await sandbox.run(await sandbox.substitute(block.script), { timeoutMs: 240_000 });
    if (result.code !== 0) expect.fail(`${page}:${block.line}: the hidden setup exited with ${result.code}:\n${result.output}${howToFix}`);
    return;
  }
  const { directive } = block;
  if (directive.noRun !== undefined) {
    for (const entry of block.commands) await validateWithoutRunning(page, entry, await sandbox.substitute(entry.command));
    return;
  }
  for (const entry of block.commands) {
    const command = await sandbox.substitute(entry.command);
    const where = `${page}:${entry.line}: \`${entry.command}\``;
    if (directive.background) {
      sandbox.start(command);
      if (directive.ready && !(await waitForUrl(await sandbox.substitute(directive.ready)))) expect.fail(`${where} did not answer at ${directive.ready}${howToFix}`);
      continue;
    }
    const result = await sandbox.run(command);
    if (result.code !== directive.exit) expect.fail(`${where} exited with ${result.code}, the page expects ${directive.exit}; it printed:\n${result.output}${howToFix}`);
    if (entry.expected) {
      const expected = (await sandbox.substitute(entry.expected.join("\n"))).split("\n");
      const missing = findMismatch(expected, result.output.split("\n"));
      if (missing !== undefined) expect.fail(`${where} printed something else than the page shows: the page's line ${JSON.stringify(missing)} is not where the page puts it. The real output:\n${result.output}${howToFix}`);
    }
  }
}

/** The checks of a `no-run` block (convention 7). */
async function validateWithoutRunning(page: string, entry: DocCommand, command: string): Promise<void> {
  const where = `${page}:${entry.line}: \`${entry.command}\``;
  for (const segment of command.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    const words = shellWords(segment.replace(/\s#.*$/, ""));
    if (words[0] === "sudo") words.shift();
    if (words[0] === "tuneops") {
      const problem = validateAgainstCli(program, words);
      if (problem) expect.fail(`${where}: ${problem} (see docs/cli.md)${howToFix}`);
    }
    if (words[0] === "npm" && words[1] === "run" && words[2] && !(words[2] in packageScripts)) expect.fail(`${where}: package.json has no script "${words[2]}"`);
    // The program itself, or the script an interpreter runs, must be a file of this repository.
    const executable = ["node", "bash", "sh", "python", "python3"].includes(words[0] ?? "") ? words[1] : words[0];
    if (executable !== undefined && /^(\.\/)?[\w.-]+\/[\w./-]+$/.test(executable) && !(await exists(join(repositoryRoot, executable)))) {
      expect.fail(`${where}: ${executable} does not exist in the repository`);
    }
  }
}

describe("the documentation's links", () => {
  it("every relative link of a page points to a file of the repository", async () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = await readFile(join(repositoryRoot, page), "utf8");
      const folder = join(repositoryRoot, page, "..");
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (match[1] ?? "").split("#")[0] ?? "";
        if (target === "" || /^[a-z]+:/i.test(target)) continue;
        if (!(await exists(join(folder, target)))) broken.push(`${page}: ${match[1]}`);
      }
    }
    expect(broken, `links to files that do not exist${howToFix}`).toEqual([]);
  });
});
