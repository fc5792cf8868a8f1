import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { z } from "zod";
import { readJsonl } from "../../data/read-jsonl.js";
import { isRowError } from "../../data/dataset-row.js";
import { TuneopsError } from "../../spec/errors.js";
import type { TokenCounterV1 } from "../../spec/token-counter.js";

/** The least a line must be for its tokens to be counted: OpenAI's chat fine-tuning format. */
const exampleSchema = z.object({
  messages: z
    .array(
      z
        .object({
          role: z.string().min(1),
          content: z.unknown().optional(),
          name: z.string().optional(),
          tool_calls: z.array(z.unknown()).optional(),
          tool_call_id: z.string().optional(),
          function_call: z.unknown().optional(),
        })
        .loose(),
    )
    .min(1),
  tools: z.array(z.unknown()).optional(),
});

/**
 * Counts the tokens of every example of a JSONL training file (one `{"messages": [...], "tools": [...]}`
 * per line; blank lines skipped). A line that is not such an example stops the count with its file
 * and line named: an estimate over a file that will be rejected is worth nothing.
 */
export async function countTrainingFile(options: { path: string; counter: TokenCounterV1; onProgress?: (examples: number) => void }): Promise<number[]> {
  const { path, counter } = options;
  const counts: number[] = [];
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new TuneopsError({ code: "input_invalid", message: `${path}: cannot read the training file: ${(error as Error).message}`, location: { file: path }, cause: error });
  }
  for await (const row of readJsonl(path)) {
    const lineNumber = row.line;
    if (isRowError(row)) {
      throw new TuneopsError({ code: "input_invalid", message: `${path}:${lineNumber}: ${row.error}`, location: { file: path, line: lineNumber }, hint: "Each line holds one JSON object." });
    }
    const parsed = exampleSchema.safeParse(row.vars);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join(".") ?? "";
      throw new TuneopsError({
        code: "input_invalid",
        message: `${path}:${lineNumber}: ${field ? `\`${field}\`: ` : ""}${issue?.message ?? "not a chat example"}`,
        location: { file: path, line: lineNumber, ...(field ? { field } : {}) },
        hint: 'Each line is a chat example: {"messages": [{"role": "user", "content": "..."}, {"role": "assistant", "content": "..."}]}.',
      });
    }
    counts.push(counter.countChat(parsed.data));
    if (counts.length % 5000 === 0) options.onProgress?.(counts.length);
  }
  if (counts.length === 0) throw new TuneopsError({ code: "input_invalid", message: `${path}: no training examples`, location: { file: path } });
  return counts;
}
