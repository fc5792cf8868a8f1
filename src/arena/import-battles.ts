import { createHash } from "node:crypto";
import { z } from "zod";
import type { BattleWinner, NewBattle } from "../spec/arena-store.js";
import { TuneopsError } from "../spec/errors.js";
import { isFileSystemError, readJsonlBatches } from "../data/read-jsonl.js";

/**
 * One imported battle per JSONL line: `{"a": "...", "b": "...", "winner": "a" | "b" | "tie", "judge":
 * "...", "case": "..."}` (judge and case optional). Chatbot Arena's export shape is accepted too:
 * `model_a`, `model_b`, `winner` of `model_a`, `model_b`, `tie` or `tie (bothbad)`, `judge`, `question_id`.
 * A judge of `human` or `human:<name>` marks a person's vote: it is stored as a human vote by that name.
 */
const tuneopsLine = z
  .object({
    a: z.string().min(1),
    b: z.string().min(1),
    winner: z.enum(["a", "b", "tie"]),
    judge: z.string().min(1).optional(),
    case: z.union([z.string(), z.number()]).optional(),
  })
  .refine((line) => line.a !== line.b, { message: "a and b name the same model", path: ["b"] });

const arenaLine = z
  .object({
    model_a: z.string().min(1),
    model_b: z.string().min(1),
    winner: z.enum(["model_a", "model_b", "tie", "tie (bothbad)"]),
    judge: z.string().min(1).optional(),
    question_id: z.union([z.string(), z.number()]).optional(),
  })
  .refine((line) => line.model_a !== line.model_b, { message: "model_a and model_b name the same model", path: ["model_b"] });

/** The judge of imported lines that name none. */
export const defaultImportJudge = "imported";

/** Most bad lines listed in one error. */
const maxListed = 5;

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid";
  const field = issue.path.join(".");
  return field === "" ? issue.message : `${field}: ${issue.message}`;
}

function toBattle(value: unknown, createdAt: number): NewBattle | string {
  const shape = typeof value === "object" && value !== null && "model_a" in value ? arenaLine : tuneopsLine;
  if (shape === arenaLine) {
    const parsed = arenaLine.safeParse(value);
    if (!parsed.success) return describe(parsed.error);
    const line = parsed.data;
    const winner: BattleWinner = line.winner === "model_a" ? "a" : line.winner === "model_b" ? "b" : "tie";
    return battle({ modelA: line.model_a, modelB: line.model_b, winner, judge: line.judge, caseId: line.question_id, createdAt });
  }
  const parsed = tuneopsLine.safeParse(value);
  if (!parsed.success) return describe(parsed.error);
  const line = parsed.data;
  return battle({ modelA: line.a, modelB: line.b, winner: line.winner, judge: line.judge, caseId: line.case, createdAt });
}

/** `human` or `human:<name>` as the judge marks a person's vote (it then counts as a human vote, e.g. for judge agreement). */
function sourceOf(judge: string | undefined): { source: "human" | "import"; judge: string } {
  if (judge === "human") return { source: "human", judge };
  if (judge?.startsWith("human:") === true && judge.length > "human:".length) return { source: "human", judge: judge.slice("human:".length) };
  return { source: "import", judge: judge ?? defaultImportJudge };
}

function battle(fields: { modelA: string; modelB: string; winner: BattleWinner; judge: string | undefined; caseId: string | number | undefined; createdAt: number }): NewBattle {
  return {
    modelA: fields.modelA,
    modelB: fields.modelB,
    winner: fields.winner,
    ...sourceOf(fields.judge),
    caseId: fields.caseId === undefined ? null : String(fields.caseId),
    runA: null,
    runB: null,
    shownFirst: null,
    verdicts: null,
    createdAt: fields.createdAt,
  };
}

/**
 * A battle's stable import key: a hash of what it says (models, winner, who judged, the case) and of
 * how many identical battles came before it in the file. Importing the same file again gives the same
 * keys (the store keeps each once); two identical lines in one file stay two battles.
 */
function importKey(battle: NewBattle, occurrences: Map<string, number>): string {
  const content = JSON.stringify([battle.modelA, battle.modelB, battle.winner, battle.source, battle.judge, battle.caseId]);
  const occurrence = (occurrences.get(content) ?? 0) + 1;
  occurrences.set(content, occurrence);
  return createHash("sha256").update(`${content}#${occurrence}`).digest("hex").slice(0, 32);
}

/**
 * Reads a battles JSONL file whole and validates every line before anything is stored: a file with a
 * bad line imports nothing, and the error names each bad line as `file:line` (the first five) with
 * what is wrong. Blank lines are skipped. Each battle gets a stable `importKey` (see `importKey`)
 * unless `allowDuplicates` is set, so a second import of the same battles stores none of them again.
 */
export async function readBattlesFile(path: string, options: { now?: () => number; allowDuplicates?: boolean } = {}): Promise<NewBattle[]> {
  const battles: NewBattle[] = [];
  await forEachBattleInFile(path, (battle) => battles.push(battle), options);
  if (options.allowDuplicates !== true) {
    const occurrences = new Map<string, number>();
    for (const battle of battles) battle.importKey = importKey(battle, occurrences);
  }
  return battles;
}

/**
 * Streams a battles JSONL file through `onBattle` one valid battle at a time, keeping none of them, and
 * then throws the same error as `readBattlesFile` if any line was bad (so a caller that only counts,
 * like `arena rate --battles`, never acts on a partly bad file). Returns the number of battles.
 */
export async function forEachBattleInFile(path: string, onBattle: (battle: NewBattle) => void, options: { now?: () => number } = {}): Promise<number> {
  const createdAt = (options.now ?? Date.now)();
  const problems: string[] = [];
  let badLines = 0;
  let count = 0;
  try {
    for await (const batch of readJsonlBatches(path)) {
      for (const entry of batch) {
        const result = "error" in entry ? `not valid JSON (${entry.error})` : toBattle(entry.value, createdAt);
        if (typeof result === "string") {
          badLines += 1;
          if (problems.length < maxListed) problems.push(`${path}:${entry.line}: ${result}`);
        } else if (badLines === 0) {
          count += 1;
          onBattle(result);
        }
      }
    }
  } catch (error) {
    if (!isFileSystemError(error)) throw error;
    throw new TuneopsError({
      code: "not_found",
      message: `cannot read ${path}: ${error.message}`,
      location: { file: path },
      hint: "Give the path of a JSONL file of battles.",
    });
  }
  if (badLines > 0) {
    const more = badLines > problems.length ? `\n(${badLines - problems.length} more bad lines)` : "";
    throw new TuneopsError({
      code: "input_invalid",
      message: `${badLines} bad line${badLines === 1 ? "" : "s"} in ${path}; nothing was imported:\n${problems.join("\n")}${more}`,
      location: { file: path, line: Number(problems[0]?.slice(path.length + 1).split(":")[0]) },
      hint: 'Each line must be {"a": "<model>", "b": "<model>", "winner": "a" | "b" | "tie", "judge": "<who>", "case": "<case id>"}.',
    });
  }
  return count;
}
