import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { cliPath } from "./cli.js";

/** The repository the docs describe (their relative paths are read from here). */
export const repositoryRoot = new URL("../../", import.meta.url).pathname;

/**
 * Helper commands a page's hidden setup may use, on the PATH beside the `tuneops` shim:
 * - `doctest-var NAME VALUE`: later commands and shown outputs of the page read VALUE where they say NAME;
 * - `doctest-free-port`: prints a free TCP port on 127.0.0.1;
 * - `doctest-run-id [SUITE] [N]`: prints the id of the newest (or Nth newest) stored run of SUITE here;
 * - `doctest-openai-server PORT [API_KEY]`: starts the local server that speaks OpenAI's protocol
 *   (src/providers/testing) on PORT until the page is done.
 */
const helpers: Record<string, string> = {
  tuneops: `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`,
  "doctest-var": `#!/bin/sh\nprintf '%s\\t%s\\n' "$1" "$2" >> "$DOCTEST_VARS"\n`,
  "doctest-free-port": `#!/bin/sh\nexec "${process.execPath}" -e 'const s=require("node:net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'\n`,
  "doctest-run-id": `#!/bin/sh
"${process.execPath}" "${cliPath}" runs list --json --limit 100 | "${process.execPath}" -e 'const runs=JSON.parse(require("fs").readFileSync(0,"utf8")).filter((r)=>!process.argv[1]||r.suite===process.argv[1]);const run=runs[Number(process.argv[2]||1)-1];if(!run)process.exit(1);console.log(run.id)' "$1" "$2"
`,
  "doctest-openai-server": `#!/bin/sh
"${process.execPath}" --input-type=module -e '
const { startOpenAiMockServer } = await import("${join(repositoryRoot, "dist/providers/testing/index.js")}");
const server = await startOpenAiMockServer({ port: Number(process.argv[1]), ...(process.argv[2] ? { apiKey: process.argv[2] } : {}) });
console.log("listening on " + server.url);
' "$1" "$2" > "$DOCTEST_HOME/openai-server-$1.log" 2>&1 &
echo $! >> "$DOCTEST_PIDS"
for _ in $(seq 1 100); do grep -q listening "$DOCTEST_HOME/openai-server-$1.log" 2>/dev/null && exit 0; sleep 0.1; done
cat "$DOCTEST_HOME/openai-server-$1.log"; exit 1
`,
};

export interface CommandResult {
  code: number | null;
  output: string;
}

/** A page's sandbox: a fresh folder, the shims, the placeholders its setup defined, its servers. */
export class DocSandbox {
  cwd: string;
  readonly background: ChildProcess[] = [];
  private constructor(
    readonly home: string,
    private readonly bin: string,
  ) {
    this.cwd = join(home, "work");
  }

  static async create(): Promise<DocSandbox> {
    const home = await mkdtemp(join(tmpdir(), "tuneops-docs-"));
    const bin = join(home, "bin");
    await mkdir(bin);
    await mkdir(join(home, "work"));
    for (const [name, script] of Object.entries(helpers)) {
      await writeFile(join(bin, name), script);
      await chmod(join(bin, name), 0o755);
    }
    await writeFile(join(home, "vars"), "");
    await writeFile(join(home, "pids"), "");
    return new DocSandbox(home, bin);
  }

  get env(): Record<string, string> {
    const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return {
      ...inherited,
      PATH: `${this.bin}:${process.env["PATH"] ?? ""}`,
      HOME: this.home,
      CI: "true",
      NO_COLOR: "1",
      TUNEOPS_DATABASE_URL: "",
      TUNEOPS_GGUF: "",
      OPENAI_API_KEY: "",
      ANTHROPIC_API_KEY: "",
      TOGETHER_API_KEY: "",
      DOCTEST_HOME: this.home,
      DOCTEST_VARS: join(this.home, "vars"),
      DOCTEST_PIDS: join(this.home, "pids"),
      DOCTEST_REPO: repositoryRoot,
    };
  }

  /** The placeholders the page's setup defined, longest first so that one never eats another. */
  async variables(): Promise<[string, string][]> {
    const text = await readFile(join(this.home, "vars"), "utf8");
    // A name defined again later in the page takes its new value.
    const byName = new Map<string, string>();
    for (const line of text.split("\n").filter(Boolean)) {
      const [name, value] = line.split("\t", 2);
      if (name) byName.set(name, value ?? "");
    }
    const pairs = [...byName.entries()];
    return pairs.sort((a, b) => b[0].length - a[0].length);
  }

  async substitute(text: string): Promise<string> {
    const variables = await this.variables();
    // The name a `doctest-var` line (re)defines is kept as written.
    return text
      .split("\n")
      .map((line) => {
        const definition = /^(\s*doctest-var\s+\S+)(.*)$/.exec(line);
        return definition ? `${definition[1]}${replaceNames(definition[2] ?? "", variables)}` : replaceNames(line, variables);
      })
      .join("\n");
  }

  /** Runs a command line with bash in the page's current folder; stderr joins stdout, in order. */
  run(command: string, options: { timeoutMs?: number } = {}): Promise<CommandResult> {
    const change = /^cd\s+(\S+)$/.exec(command.replace(/\s+#.*$/, "").trim());
    if (change?.[1]) return this.changeDirectory(change[1]);
    const child = spawn("bash", ["-c", `exec 2>&1\nset -o pipefail\n${command}`], { cwd: this.cwd, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const home = this.home;
    const timeout = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    return new Promise((done) =>
      child.once("close", (code) => {
        clearTimeout(timeout);
        // The page's folder is shown as ~/project, wherever the test made it.
        done({ code, output: output.split(`${home}/work`).join("~/project") });
      }),
    );
  }

  /** Starts a long-running command (a server) that stops when the page is done. */
  start(command: string): ChildProcess {
    const child = spawn("bash", ["-c", `exec ${command}`], { cwd: this.cwd, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    Object.defineProperty(child, "doctestOutput", { get: () => output });
    this.background.push(child);
    return child;
  }

  async close(): Promise<void> {
    for (const child of this.background) if (child.exitCode === null) child.kill("SIGTERM");
    const pids = (await readFile(join(this.home, "pids"), "utf8")).split("\n").filter(Boolean).map(Number);
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  }

  private async changeDirectory(target: string): Promise<CommandResult> {
    const next = resolve(this.cwd, target);
    const isFolder = await stat(next).then(
      (entry) => entry.isDirectory(),
      () => false,
    );
    if (!isFolder) return { code: 1, output: `cd: ${target}: no such folder` };
    this.cwd = next;
    return { code: 0, output: "" };
  }
}

/** Polls a URL until it answers (a background server is ready) or the time is up. */
export async function waitForUrl(url: string, attempts = 150): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const answered = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (answered) return true;
    await new Promise((done) => setTimeout(done, 200));
  }
  return false;
}

function replaceNames(text: string, variables: readonly [string, string][]): string {
  let result = text;
  for (const [name, value] of variables) result = result.replace(new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w])`, "g"), value);
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Splits a command line into words as a POSIX shell would for simple lines (quotes, no expansions). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | undefined;
  let inWord = false;
  for (const character of line) {
    if (quote) {
      if (character === quote) quote = undefined;
      else current += character;
    } else if (character === "'" || character === '"') {
      quote = character;
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/**
 * Checks a `tuneops ...` command line against the CLI without running it: the command and subcommands
 * exist and every option is one that command accepts. Returns the problem, or undefined.
 */
export function validateAgainstCli(program: Command, words: readonly string[]): string | undefined {
  let command = program;
  let index = 1;
  for (; index < words.length; index += 1) {
    const word = words[index] ?? "";
    if (word.startsWith("-")) break;
    const child = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (!child) break;
    command = child;
  }
  const path = ["tuneops", ...commandPath(command)].join(" ");
  if (command === program && index < words.length && !(words[index] ?? "").startsWith("-")) return `unknown command "${words[index]}"`;
  if (command.commands.length > 0 && index >= words.length) return `"${path}" needs a subcommand`;
  if (command.commands.length > 0 && !(words[index] ?? "").startsWith("-")) return `"${path}" has no subcommand "${words[index]}"`;
  for (const word of words.slice(index)) {
    if (word === "--") break;
    const option = /^(--?[\w-]+)/.exec(word.replace(/^\[/, ""))?.[1];
    if (!option || !word.replace(/^\[/, "").startsWith("-")) continue;
    if (option === "-h" || option === "--help") continue;
    const known = [command, ...ancestors(command)].some((owner) => owner.options.some((candidate) => candidate.long === option || candidate.short === option));
    if (!known) return `"${path}" has no option ${option}`;
  }
  return undefined;
}

function commandPath(command: Command): string[] {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names;
}

function ancestors(command: Command): Command[] {
  const result: Command[] = [];
  for (let current = command.parent; current; current = current.parent) result.push(current);
  return result;
}
