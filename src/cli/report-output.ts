import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { EvaluationOutcome } from "../eval/run-evaluation.js";
import { renderHtml, renderJunit, renderMarkdown, renderTerminal, type FailingCase } from "../report/index.js";
import type { RunSummary } from "../spec/run-summary.js";
import type { Store } from "../spec/store.js";
import type { CliContext } from "./context.js";
import { paint } from "./terminal.js";

/** A few failing cases per candidate, to show beside the figures. */
export async function collectFailures(store: Store, summary: RunSummary, perCandidate = 5): Promise<FailingCase[]> {
  const failures: FailingCase[] = [];
  for (const candidate of summary.candidates) {
    let found = 0;
    for await (const result of store.readResults(summary.run.id, { candidateId: candidate.id })) {
      if (result.pass !== false && !result.error) continue;
      const reason = result.error
        ? `${result.error.code}: ${result.error.message}`
        : result.scores
            .filter((score) => !score.pass)
            .map((score) => `${score.name}${score.score === null ? "" : ` = ${round(score.score)}`}${score.reason ? ` (${score.reason})` : ""}${score.error ? ` failed: ${score.error.message}` : ""}`)
            .join("; ");
      failures.push({ candidate: candidate.id, caseId: result.caseId, output: result.output, reason });
      found += 1;
      if (found >= perCandidate) break;
    }
  }
  return failures;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

export async function writeReports(
  outcome: EvaluationOutcome,
  options: { html: string; markdown?: string | undefined; junit?: string | undefined; store: Store },
): Promise<void> {
  const failures = await collectFailures(options.store, outcome.summary);
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
    terminal.out(paint(terminal, "yellow", `interrupted: finish it with  tuneops eval --resume ${outcome.run.id}`));
  }
}
