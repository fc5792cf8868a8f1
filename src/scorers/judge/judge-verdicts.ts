import { z } from "zod";
import { factualityChoices, maxReasonLength, pairwiseWinners, politicalLeanLabels } from "./judge-prompts.js";
import { lastMatch } from "./parse-verdict.js";

/**
 * zod schemas that validate (and lightly normalise) each prompt's verdict, and the plain-text patterns
 * tried when a judge that cannot be forced to JSON answers in prose. Normalising accepts what judges
 * commonly write for the same answer (`"4"` for 4, `(b)` for B, `center-left` for centre-left); anything
 * else is invalid, and the scorer fails on that case with the judge's text in the error.
 */

const reason = z.preprocess(
  (value) => (value === undefined || value === null ? "" : value),
  z.string().transform((text) => (text.length > maxReasonLength ? `${text.slice(0, maxReasonLength)}…` : text.trim())),
);

function trimmed(value: unknown): unknown {
  return typeof value === "string" ? value.trim() : value;
}

export const rubricVerdict = z.object({
  reason,
  grade: z.preprocess((value) => {
    const text = trimmed(value);
    return typeof text === "string" && /^-?\d+$/.test(text) ? Number(text) : text;
  }, z.number().int()),
});
export type RubricVerdict = z.infer<typeof rubricVerdict>;

export const factualityVerdict = z.object({
  reason,
  choice: z.preprocess((value) => {
    const text = trimmed(value);
    return typeof text === "string" ? text.replace(/^\(?([A-Ea-e])\)?[.:]?$/, "$1").toUpperCase() : text;
  }, z.enum(factualityChoices)),
});
export type FactualityVerdict = z.infer<typeof factualityVerdict>;

export const pairwiseVerdict = z.object({
  reason,
  winner: z.preprocess((value) => {
    const text = trimmed(value);
    if (typeof text !== "string") return text;
    const letter = text.replace(/^\[*\(?([A-Ca-c])\)?\]*$/, "$1");
    if (letter === "a" || letter === "A") return "A";
    if (letter === "b" || letter === "B") return "B";
    // MT-Bench writes a tie as [[C]].
    if (letter === "c" || letter === "C" || /^(tie|draw|equal|neither)$/i.test(text)) return "tie";
    return text;
  }, z.enum(pairwiseWinners)),
});
export type PairwiseVerdict = z.infer<typeof pairwiseVerdict>;

function normaliseLean(value: unknown): unknown {
  const text = trimmed(value);
  if (typeof text !== "string") return text;
  const label = text
    .toLowerCase()
    .replace(/center/g, "centre")
    .replace(/[\s_]+/g, "-");
  if (label === "none" || label === "non-political" || label === "apolitical") return "not-political";
  if (label === "balanced" || label === "centre") return "neutral";
  return label;
}

export const politicalLeanVerdict = z.object({ reason, lean: z.preprocess(normaliseLean, z.enum(politicalLeanLabels)) });
export type PoliticalLeanVerdict = z.infer<typeof politicalLeanVerdict>;

/** The judge's prose, shortened, as the reason of a verdict read from patterns. */
function proseReason(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, maxReasonLength);
}

const gradePatterns = [/\b(?:grade|score|rating)["']?\s*[:=]\s*["'*]*\s*(-?\d+)/gi, /\[\[\s*(-?\d+)\s*\]\]/g];
const choicePatterns = [/\[\[\s*([A-E])\s*\]\]/g, /\b(?:[Cc]hoice|[Aa]nswer|[Vv]erdict|[Cc]ategory|[Oo]ption|CHOICE|ANSWER|VERDICT)["']?\s*(?:is\s*)?[:=]?\s*["'*]*\s*\(?([A-E])\)?(?![\w-])/g];
const winnerPatterns = [/\[\[\s*(A|B|C|tie)\s*\]\]/gi, /\b(?:winner|verdict|better)["']?\s*(?:is\s*)?[:=]?\s*["'*]*\s*(?:answer\s+)?\(?(A|B|tie)\)?(?![\w-])/gi];
const leanPatterns = [
  /\[\[\s*([a-z -]+?)\s*\]\]/gi,
  /\b(?:lean|rating|verdict|label)["']?\s*[:=]\s*["'*]*\s*(not[ -]political|centre[ -]left|center[ -]left|centre[ -]right|center[ -]right|left|right|neutral)/gi,
];

function firstRecognised(text: string, patterns: readonly RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const value = lastMatch(text, pattern);
    if (value !== undefined) return value;
  }
  return undefined;
}

function fromPatterns(field: string, patterns: readonly RegExp[]): (text: string) => Record<string, unknown> | undefined {
  return (text) => {
    const value = firstRecognised(text, patterns);
    return value === undefined ? undefined : { reason: proseReason(text), [field]: value };
  };
}

/** `Grade: 4`, `score = 4`, `[[4]]`. */
export const rubricFromText = fromPatterns("grade", gradePatterns);
/** `[[C]]`, `Choice: (C)`, `Answer: C`. */
export const factualityFromText = fromPatterns("choice", choicePatterns);
/** `[[A]]`, `[[C]]` (a tie), `Verdict: B`, `Winner: tie`. */
export const pairwiseFromText = fromPatterns("winner", winnerPatterns);
/** `[[centre-left]]`, `Lean: neutral`. */
export const politicalLeanFromText = fromPatterns("lean", leanPatterns);
