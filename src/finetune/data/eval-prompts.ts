import { readDataset } from "../../data/read-dataset.js";
import { isRowError } from "../../data/dataset-row.js";
import { isObject } from "./json-shapes.js";
import { contentText, normalisePrompt } from "./message-text.js";

/** Fields that hold an evaluation case's prompt, tried in order when none is named. */
const promptFields = ["messages", "prompt", "input", "question", "query", "text"] as const;

/** The prompts of evaluation datasets, exact and normalised, for the leakage check. */
export interface EvalPrompts {
  exact: Map<string, string>;
  normalised: Map<string, string>;
  /** Rows read across the files. */
  rows: number;
  /** Rows with no prompt field (they cannot be checked). */
  rowsWithoutPrompt: number;
  files: string[];
}

/**
 * Reads the prompts of evaluation datasets (any format tuneops reads). A row's prompt is the user
 * messages of `messages` (or of `input.messages`), else the first of `prompt`, `input`, `question`,
 * `query`, `text` that holds text, or the named `field`. Each prompt maps to `file:line` for reports.
 */
export async function loadEvalPrompts(options: { paths: readonly string[]; field?: string }): Promise<EvalPrompts> {
  const prompts: EvalPrompts = { exact: new Map(), normalised: new Map(), rows: 0, rowsWithoutPrompt: 0, files: [...options.paths] };
  for (const path of options.paths) {
    for await (const row of readDataset({ path })) {
      if (isRowError(row)) continue;
      prompts.rows++;
      const texts = promptTexts(row.vars, options.field);
      if (texts.length === 0) prompts.rowsWithoutPrompt++;
      for (const text of texts) {
        const where = `${path}:${row.line}`;
        if (!prompts.exact.has(text)) prompts.exact.set(text, where);
        const normal = normalisePrompt(text);
        if (normal !== "" && !prompts.normalised.has(normal)) prompts.normalised.set(normal, where);
      }
    }
  }
  return prompts;
}

function promptTexts(vars: Record<string, unknown>, field: string | undefined): string[] {
  const fields = field === undefined ? promptFields : [field];
  for (const name of fields) {
    const value = vars[name];
    const texts = textsOf(value);
    if (texts.length > 0) return texts;
  }
  return [];
}

function textsOf(value: unknown): string[] {
  if (typeof value === "string") return value.trim() === "" ? [] : [value];
  if (Array.isArray(value)) return userTexts(value);
  if (isObject(value) && Array.isArray(value.messages)) return userTexts(value.messages);
  return [];
}

/** The text of each user message of a message list. */
export function userTexts(messages: readonly unknown[]): string[] {
  const texts: string[] = [];
  for (const message of messages) {
    if (isObject(message) && message.role === "user") {
      const text = contentText(message.content);
      if (text.trim() !== "") texts.push(text);
    }
  }
  return texts;
}
