import { readFile } from "node:fs/promises";
import { z } from "zod";
import { TuneopsError } from "../../spec/errors.js";

const correctionSchema = z.object({ case: z.union([z.string().min(1), z.number().int()]), output: z.string() }).strict();

/**
 * Reads human-corrected outputs: JSONL lines `{"case": ID, "output": TEXT}`, where ID is the case id
 * the run shows (the dataset's id field, or the case's 0-based position). A later line for the same case
 * wins. Every bad line is an error naming file:line.
 */
export async function readCorrections(path: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new TuneopsError({ code: "not_found", message: `cannot read the corrections file ${path}`, location: { file: path, field: "--corrections" }, hint: 'Give a JSONL file of {"case": ID, "output": TEXT} lines.' });
  }
  const corrections = new Map<string, string>();
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new TuneopsError({ code: "input_invalid", message: `${path}:${index + 1}: not JSON`, location: { file: path, line: index + 1 }, hint: 'Each line is {"case": ID, "output": TEXT}.' });
    }
    const parsed = correctionSchema.safeParse(value);
    if (!parsed.success) {
      throw new TuneopsError({ code: "input_invalid", message: `${path}:${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "line"}: ${issue.message}`).join("; ")}`, location: { file: path, line: index + 1 }, hint: 'Each line is {"case": ID, "output": TEXT}.' });
    }
    corrections.set(String(parsed.data.case), parsed.data.output);
  }
  return corrections;
}
