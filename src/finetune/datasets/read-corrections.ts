import { z } from "zod";
import { isFileSystemError, readJsonlValues } from "../../data/read-jsonl.js";
import { TuneopsError } from "../../spec/errors.js";

const correctionSchema = z.object({ case: z.union([z.string().min(1), z.number().int()]), output: z.string() }).strict();

/**
 * Reads human-corrected outputs: JSONL lines `{"case": ID, "output": TEXT}`, where ID is the case id
 * the run shows (the dataset's id field, or the case's 0-based position). A later line for the same case
 * wins. Every bad line is an error naming file:line.
 */
export async function readCorrections(path: string): Promise<Map<string, string>> {
  const hint = 'Each line is {"case": ID, "output": TEXT}.';
  const corrections = new Map<string, string>();
  try {
    for await (const entry of readJsonlValues(path)) {
      if ("error" in entry) {
        throw new TuneopsError({ code: "input_invalid", message: `${path}:${entry.line}: not JSON`, location: { file: path, line: entry.line }, hint });
      }
      const parsed = correctionSchema.safeParse(entry.value);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "line"}: ${issue.message}`).join("; ");
        throw new TuneopsError({ code: "input_invalid", message: `${path}:${entry.line}: ${problems}`, location: { file: path, line: entry.line }, hint });
      }
      corrections.set(String(parsed.data.case), parsed.data.output);
    }
  } catch (error) {
    if (!isFileSystemError(error)) throw error;
    throw new TuneopsError({ code: "not_found", message: `cannot read the corrections file ${path}`, location: { file: path, field: "--corrections" }, hint: 'Give a JSONL file of {"case": ID, "output": TEXT} lines.' });
  }
  return corrections;
}
