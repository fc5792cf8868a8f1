import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { EvaluationOutcome } from "../eval/run-evaluation.js";
import type { FailedCase, RunFailures } from "../eval/run-failures.js";
import { renderHtml, renderJunit, renderMarkdown, renderTerminal, type FailingCase, type ReportExtras } from "../report/index.js";
import type { CliContext } from "./context.js";
import { paint } from "./terminal.js";
import { forThisShell } from "./invocation.js";

export async function writeReports(
  outcome: EvaluationOutcome,
  options: { html: string; markdown?: string | undefined; junit?: string | undefined },
): Promise<void> {
  const extras = reportExtras(outcome.failures);
  await writeText(options.html, renderHtml(outcome.summary, extras));
  if (options.markdown) await writeText(resolve(options.markdown), renderMarkdown(outcome.summary, extras));
  if (options.junit) await writeText(resolve(options.junit), renderJunit(outcome.summary));
}

/** A run's failures as the report renderers take them. */
export function reportExtras(failures: RunFailures): ReportExtras {
  return {
    failures: failures.cases.map((failed): FailingCase => ({
      candidate: failed.candidate,
      caseId: failed.caseId,
      repeat: failed.repeat,
      input: failed.input,
      expected: failed.expected,
      output: failed.output,
      reason: failed.error === null ? failingReasons(failed) : `${failed.error.code}: ${failed.error.message}`,
      scorers: failed.scorers,
    })),
    errors: failures.errors,
  };
}

function failingReasons(failed: FailedCase): string {
  const failing = failed.scorers.filter((scorer) => !scorer.pass);
  return failing.length === 0 ? "failed" : `${failing.map((scorer) => scorer.name).join(", ")} did not pass`;
}

async function writeText(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

export function printOutcome(context: CliContext, outcome: EvaluationOutcome, htmlPath: string): void {
  const { terminal } = context;
  terminal.out(renderTerminal(outcome.summary, { color: terminal.color, width: terminal.width, errors: outcome.failures.errors }));
  terminal.out(`${paint(terminal, "dim", "report:")} ${relative(process.cwd(), htmlPath) || htmlPath}`);
  if (outcome.run.status === "interrupted") {
    terminal.out(forThisShell(context, paint(terminal, "yellow", `interrupted: finish it with  tuneops eval --resume ${outcome.run.id}`)));
  }
}
