import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { EvaluationOutcome } from "../eval/run-evaluation.js";
import { renderHtml, renderJunit, renderMarkdown, renderTerminal } from "../report/index.js";
import type { CliContext } from "./context.js";
import { paint } from "./terminal.js";
import { forThisShell } from "./invocation.js";

export async function writeReports(
  outcome: EvaluationOutcome,
  options: { html: string; markdown?: string | undefined; junit?: string | undefined },
): Promise<void> {
  const failures = outcome.failures;
  await writeText(options.html, renderHtml(outcome.summary, { failures }));
  if (options.markdown) await writeText(resolve(options.markdown), renderMarkdown(outcome.summary, { failures }));
  if (options.junit) await writeText(resolve(options.junit), renderJunit(outcome.summary));
}

async function writeText(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

export function printOutcome(context: CliContext, outcome: EvaluationOutcome, htmlPath: string): void {
  const { terminal } = context;
  terminal.out(renderTerminal(outcome.summary, { color: terminal.color, width: terminal.width }));
  terminal.out(`${paint(terminal, "dim", "report:")} ${relative(process.cwd(), htmlPath) || htmlPath}`);
  if (outcome.run.status === "interrupted") {
    terminal.out(forThisShell(context, paint(terminal, "yellow", `interrupted: finish it with  tuneops eval --resume ${outcome.run.id}`)));
  }
}
