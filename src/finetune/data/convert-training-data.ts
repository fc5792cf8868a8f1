import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { readJsonl } from "../../data/read-jsonl.js";
import { assertReadableFile } from "../../data/open-dataset.js";
import { isRowError } from "../../data/dataset-row.js";
import { TuneopsError } from "../../spec/errors.js";
import { checkChatExample } from "./check-chat-example.js";
import { checkOpenaiPreferenceExample, checkTrlPreferenceExample } from "./check-preference-example.js";
import { fromTrainingPair, toTrainingPair } from "./preference-pair.js";
import { warningCodes } from "./training-data-report.js";
import { detectTrainingFormat, type TrainingFormat } from "./training-format.js";
import type { ExampleIssue, TrainingIssue } from "./training-issue.js";

export interface ConvertTrainingDataOptions {
  input: string;
  output: string;
  to: TrainingFormat;
  /** Default: detected from the first example. */
  from?: TrainingFormat;
}

export interface ConversionResult {
  from: TrainingFormat;
  to: TrainingFormat;
  examples: number;
}

const checkers: Record<TrainingFormat, (example: unknown) => ExampleIssue[]> = {
  "openai-chat": checkChatExample,
  "openai-preference": checkOpenaiPreferenceExample,
  "trl-preference": checkTrlPreferenceExample,
};

/**
 * Converts a training file between formats, streaming. Every input example is checked first; if any
 * fails, nothing is written and the error lists each bad line (never a silent drop). The output
 * appears only when complete (written beside it, then renamed).
 */
export async function convertTrainingData(options: ConvertTrainingDataOptions): Promise<ConversionResult> {
  await assertReadableFile(options.input);
  const partial = `${options.output}.partial`;
  const out = createWriteStream(partial, { encoding: "utf8" });
  const problems: TrainingIssue[] = [];
  let from = options.from;
  let examples = 0;
  try {
    for await (const row of readJsonl(options.input)) {
      if (isRowError(row)) {
        problems.push({ line: row.line, code: row.error.startsWith("invalid JSON") ? "invalid_json" : "data_type", message: row.error });
        continue;
      }
      from ??= detectTrainingFormat(row.vars);
      const format = from ?? "openai-chat";
      const blocking = checkers[format](row.vars).filter((issue) => !warningCodes.has(issue.code));
      if (blocking.length > 0) {
        for (const issue of blocking) problems.push({ line: row.line, ...issue });
        continue;
      }
      if (problems.length > 0) continue;
      const converted = fromTrainingPair(toTrainingPair(row.vars, format), options.to, row.line);
      if (!out.write(`${JSON.stringify(converted)}\n`)) await once(out, "drain");
      examples++;
    }
    out.end();
    await once(out, "finish");
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error instanceof TuneopsError && error.location?.line !== undefined
      ? new TuneopsError({ code: error.code, message: `${options.input}:${error.location.line}: ${error.message.replace(/^line \d+: /, "")}`, location: { file: options.input, line: error.location.line }, ...(error.hint ? { hint: error.hint } : {}) })
      : error;
  }
  if (problems.length > 0) {
    await rm(partial, { force: true });
    const shown = problems.slice(0, 20).map((problem) => `  ${options.input}:${problem.line} ${problem.code}${problem.field ? ` (${problem.field})` : ""}: ${problem.message}`);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : "";
    throw new TuneopsError({
      code: "dataset_invalid",
      message: `${options.input}: ${problems.length} problem(s), nothing written:\n${shown.join("\n")}${more}`,
      location: { file: options.input, line: problems[0]!.line },
      hint: "Fix the lines listed (`tuneops finetune validate` reports every problem), then convert again.",
    });
  }
  await rename(partial, options.output);
  return { from: from ?? "openai-chat", to: options.to, examples };
}
