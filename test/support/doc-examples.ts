/**
 * Reads the shell examples out of the documentation, so that test/e2e/docs-examples.test.ts can run
 * them. The convention it implements is written out at the top of that test.
 */

/** One command of a block, with the output the page shows for it (console blocks only). */
export interface DocCommand {
  /** The command line, `\` continuations joined, `npx tuneops` as `tuneops`. */
  command: string;
  /** The lines shown after a `$ ` prompt, or undefined when the page shows no output. */
  expected?: string[];
  /** 1-based line of the page where the command starts. */
  line: number;
}

export type DocBlock =
  | { kind: "commands"; line: number; language: string; commands: DocCommand[]; directive: DocDirective }
  | { kind: "setup"; line: number; script: string };

export interface DocDirective {
  /** `no-run: REASON`: not executed, only validated; the reason is required. */
  noRun?: string;
  /** `exit=N`: every command of the block must exit with N (default 0). */
  exit: number;
  /** `background`: the commands keep running (servers) until the page is done. */
  background: boolean;
  /** `ready=URL`: with `background`, wait until the URL answers before going on. */
  ready?: string;
}

/** Fences whose every line is a command. */
const shellLanguages = new Set(["sh", "bash", "shell", "zsh"]);

/** A command of tuneops as readers type it, in the clone (`npx tuneops`) or with it on the PATH. */
const tuneopsCommand = /^\s*(?:\$\s+)?(?:npx\s+)?tuneops(?:\s|$)/;

export class DocConventionError extends Error {}

/**
 * The command blocks and hidden setup blocks of a Markdown page, in page order. A fenced block of any
 * other kind that holds a `tuneops` command line is an error, so that no command escapes the test by
 * being fenced as `text` or `yaml`.
 */
export function parseDocExamples(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  let pendingDirective: { text: string; line: number } | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    const setup = /^<!--\s*doctest-setup\s*$/.exec(line);
    if (setup) {
      const end = lines.findIndex((candidate, position) => position > index && candidate.trim() === "-->");
      if (end === -1) throw new DocConventionError(`${file}:${index + 1}: doctest-setup is not closed by a line "-->"`);
      blocks.push({ kind: "setup", line: index + 1, script: lines.slice(index + 1, end).join("\n") });
      index = end;
      continue;
    }
    const directive = /^\s*<!--\s*doctest:\s*(.*?)\s*-->\s*$/.exec(line);
    if (directive) {
      pendingDirective = { text: directive[1] ?? "", line: index + 1 };
      continue;
    }
    const fence = /^(\s*)(```+|~~~+)\s*([\w-]*)/.exec(line);
    if (!fence) {
      if (line.trim() !== "" && pendingDirective) throw new DocConventionError(`${file}:${pendingDirective.line}: a doctest directive must be followed by a fenced block`);
      continue;
    }
    const marker = fence[2] ?? "```";
    const language = (fence[3] ?? "").toLowerCase();
    const end = lines.findIndex((candidate, position) => position > index && candidate.trim().startsWith(marker));
    if (end === -1) throw new DocConventionError(`${file}:${index + 1}: unclosed code fence`);
    const body = lines.slice(index + 1, end);
    const directiveText = pendingDirective;
    pendingDirective = undefined;
    const startLine = index + 2;
    index = end;
    const isConsole = language === "console" || ((language === "text" || language === "") && body.find((entry) => entry.trim() !== "")?.startsWith("$ ") === true);
    let commands: DocCommand[] | undefined;
    if (shellLanguages.has(language)) commands = shellCommands(body, startLine);
    else if (isConsole) commands = consoleCommands(body, startLine);
    if (!commands) {
      const stray = body.findIndex((entry) => tuneopsCommand.test(entry));
      if (stray !== -1) {
        throw new DocConventionError(
          `${file}:${startLine + stray}: a tuneops command in a \`${language || "plain"}\` block; fence commands as sh/bash (or console with "$ " prompts) so the docs test runs them`,
        );
      }
      if (directiveText) throw new DocConventionError(`${file}:${directiveText.line}: a doctest directive before a block that holds no commands`);
      continue;
    }
    blocks.push({ kind: "commands", line: startLine, language, commands, directive: parseDirective(file, directiveText) });
  }
  return blocks;
}

function parseDirective(file: string, directive: { text: string; line: number } | undefined): DocDirective {
  const parsed: DocDirective = { exit: 0, background: false };
  if (!directive) return parsed;
  const noRun = /^no-run:\s*(.*)$/.exec(directive.text);
  if (noRun) {
    const reason = (noRun[1] ?? "").trim();
    if (reason === "") throw new DocConventionError(`${file}:${directive.line}: no-run needs a reason ("no-run: needs a real OpenAI key")`);
    parsed.noRun = reason;
    return parsed;
  }
  for (const word of directive.text.split(/\s+/).filter(Boolean)) {
    const [key, value] = word.split("=", 2);
    if (key === "exit" && value !== undefined && /^\d+$/.test(value)) parsed.exit = Number(value);
    else if (key === "background" && value === undefined) parsed.background = true;
    else if (key === "ready" && value) parsed.ready = value;
    else throw new DocConventionError(`${file}:${directive.line}: unknown doctest directive "${word}" (known: no-run: REASON, exit=N, background, ready=URL)`);
  }
  return parsed;
}

/** Every line of a sh/bash block is a command; `#` lines and blank lines are not; `\` continues. */
function shellCommands(body: readonly string[], startLine: number): DocCommand[] {
  const commands: DocCommand[] = [];
  let current: { parts: string[]; line: number } | undefined;
  body.forEach((raw, offset) => {
    const text = raw.trimEnd();
    if (!current) {
      if (text.trim() === "" || text.trim().startsWith("#")) return;
      current = { parts: [], line: startLine + offset };
    }
    if (text.endsWith("\\")) {
      current.parts.push(text.slice(0, -1).trim());
      return;
    }
    current.parts.push(text.trim());
    commands.push({ command: normaliseCommand(current.parts.join(" ")), line: current.line });
    current = undefined;
  });
  if (current) commands.push({ command: normaliseCommand(current.parts.join(" ")), line: current.line });
  return commands;
}

/** `$ command` lines, each followed by the output the page shows for it. */
function consoleCommands(body: readonly string[], startLine: number): DocCommand[] {
  const commands: (DocCommand & { expected: string[] })[] = [];
  let continuing = false;
  body.forEach((raw, offset) => {
    const text = raw.trimEnd();
    const last = commands.at(-1);
    if (continuing && last) {
      continuing = text.endsWith("\\");
      last.command = `${last.command} ${(continuing ? text.slice(0, -1) : text).trim()}`;
      return;
    }
    if (text.startsWith("$ ")) {
      continuing = text.endsWith("\\");
      commands.push({ command: (continuing ? text.slice(2, -1) : text.slice(2)).trim(), expected: [], line: startLine + offset });
      return;
    }
    last?.expected.push(text);
  });
  return commands.map((entry) => {
    const expected = trimBlankEdges(entry.expected);
    return { command: normaliseCommand(entry.command), line: entry.line, ...(expected.length > 0 ? { expected } : {}) };
  });
}

function trimBlankEdges(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start += 1;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end -= 1;
  return lines.slice(start, end);
}

/** The command as the test runs it: a trailing `# comment` kept (bash ignores it), `npx tuneops` is `tuneops`. */
function normaliseCommand(command: string): string {
  return command.replace(/(^|[;&|(]\s*)npx\s+tuneops(?=\s|$)/g, "$1tuneops");
}

/**
 * Figures that change from run to run (run ids, dates, durations, speeds, temporary paths), replaced by
 * a stand-in on both sides before the shown output is compared with the real one.
 */
const volatile: readonly (readonly [RegExp, string])[] = [
  [/\b\d{8}-\d{6}-[0-9a-z]{4}\b/g, "<run>"],
  [/\bft-[0-9a-z-]+\b/g, "<job>"],
  [/\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?\b/g, "<time>"],
  [/\b\d+(\.\d+)?\s?(ms|s)\b/g, "<duration>"],
  [/\b\d+(\.\d+)?\/s\b/g, "<speed>"],
];

export function normaliseOutputLine(line: string): string {
  let text = line;
  for (const [pattern, stand] of volatile) text = text.replace(pattern, stand);
  return text.replace(/\s+/g, " ").trim();
}

/** An elision: the page leaves out some lines of the output here. */
export function isElision(line: string): boolean {
  return /^\s*(\.\.\.|…)\s*$/.test(line);
}

/**
 * Whether the real output shows what the page shows: the page's lines in order, consecutive except
 * where the page writes `...` (any number of lines, none included), compared after
 * `normaliseOutputLine`. The page may stop before the output ends. Returns the first line of the page
 * that could not be found, or undefined when everything matched.
 */
export function findMismatch(expected: readonly string[], actual: readonly string[]): string | undefined {
  const want = expected.map((line) => (isElision(line) ? undefined : normaliseOutputLine(line)));
  const have = actual.map(normaliseOutputLine).filter((line) => line !== "");
  const groups: string[][] = [[]];
  for (const line of want) {
    if (line === undefined) groups.push([]);
    else if (line !== "") groups.at(-1)?.push(line);
  }
  let position = 0;
  for (const [groupIndex, group] of groups.entries()) {
    if (group.length === 0) continue;
    // The first group starts at the first line unless the page opened with `...`.
    const anchored = groupIndex === 0;
    const found = anchored ? (matchesAt(group, have, 0) ? 0 : -1) : searchFrom(group, have, position);
    if (found === -1) return firstMissing(group, have, anchored ? 0 : position, anchored);
    position = found + group.length;
  }
  return undefined;
}

/** The line after the longest start of the group that does appear, for the failure message. */
function firstMissing(group: readonly string[], have: readonly string[], from: number, anchored: boolean): string {
  for (let length = group.length - 1; length > 0; length -= 1) {
    const prefix = group.slice(0, length);
    if (anchored ? matchesAt(prefix, have, from) : searchFrom(prefix, have, from) !== -1) return group[length] ?? "";
  }
  return group[0] ?? "";
}

function matchesAt(group: readonly string[], have: readonly string[], start: number): boolean {
  return group.every((line, offset) => have[start + offset] === line);
}

function searchFrom(group: readonly string[], have: readonly string[], from: number): number {
  for (let start = from; start + group.length <= have.length; start += 1) if (matchesAt(group, have, start)) return start;
  return -1;
}
