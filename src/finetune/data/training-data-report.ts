import type { TrainingFormat } from "./training-format.js";
import type { TrainingIssue, TrainingIssueCode } from "./training-issue.js";

/** What `validateTrainingData` found; `--json` prints it as is (snake_case keys are the wire format). */
export interface TrainingDataReport {
  /** No errors (warnings do not fail a file unless the caller is strict). */
  ok: boolean;
  file: string;
  /** The format checked (given, or detected from the first example). */
  format: TrainingFormat | null;
  /** Examples read (non-blank lines). */
  examples: number;
  /** Examples with no error. */
  valid_examples: number;
  /** Problems that make the file unfit to train on (a provider would reject it, or evaluation would be contaminated). */
  errors: TrainingIssue[];
  /** Problems worth a look that a provider accepts: duplicates, PII, truncation past the context limit. */
  warnings: TrainingIssue[];
  /** How many issues of each code (errors and warnings). */
  counts: Partial<Record<TrainingIssueCode, number>>;
  tokens: TokenReport;
  /** Messages per valid example. */
  messages: { min: number; max: number; mean: number } | null;
  /** Assistant messages of valid examples, and how many of them are excluded from training (weight 0). */
  assistant_messages: { total: number; weight_zero: number };
  /** Examples that repeat an earlier one (same content, key order aside). */
  duplicates: number;
  pii: { examples: number; by_type: Record<string, number> };
  leakage: LeakageReport;
}

export interface TokenReport {
  /** False when no token counter was available: then every figure below is null. */
  counted: boolean;
  /** Tokenizer used, e.g. `o200k_base`. */
  encoding: string | null;
  /** True when the model's own tokenizer was not available and the counts are an estimate (set by the caller that chose the tokenizer). */
  approximate?: boolean;
  /** Tokens of all valid examples (a preference pair counts both its sequences). */
  total: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Tokens of each valid example, by line. */
  per_example: { line: number; tokens: number }[];
  /** Tokens one example may hold before the provider truncates it. */
  context_limit: number | null;
  /** Examples longer than `context_limit`. */
  over_limit: number;
}

export interface LeakageReport {
  eval_files: string[];
  /** Distinct evaluation prompts compared against. */
  eval_prompts: number;
  /** Training examples whose prompt equals an evaluation prompt character for character. */
  exact: number;
  /** Further examples whose prompt equals one once case, punctuation and spacing are ignored. */
  normalised: number;
}

/** Codes reported as warnings; every other code is an error. */
export const warningCodes: ReadonlySet<TrainingIssueCode> = new Set([
  "example_unrecognized_key",
  "identical_preference_outputs",
  "over_context_limit",
  "duplicate_example",
  "pii_found",
]);
