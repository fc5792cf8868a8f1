import { hash } from "node:crypto";
import { readJsonl } from "../../data/read-jsonl.js";
import { assertReadableFile } from "../../data/open-dataset.js";
import { isRowError } from "../../data/dataset-row.js";
import { describePii, detectPii, type PiiMatch } from "../../scorers/safety/pii.js";
import type { TokenCounterV1, TokenCountChatMessage } from "../../spec/token-counter.js";
import { checkChatExample } from "./check-chat-example.js";
import { checkOpenaiPreferenceExample, checkTrlPreferenceExample } from "./check-preference-example.js";
import { loadEvalPrompts, userTexts, type EvalPrompts } from "./eval-prompts.js";
import { canonicalJson, type JsonObject } from "./json-shapes.js";
import { contentText, normalisePrompt } from "./message-text.js";
import { toTrainingPair, type TrainingPair } from "./preference-pair.js";
import { warningCodes, type TrainingDataReport } from "./training-data-report.js";
import { detectTrainingFormat, type TrainingFormat } from "./training-format.js";
import type { ExampleIssue, TrainingIssue } from "./training-issue.js";

export interface ValidateTrainingDataOptions {
  /** A JSON Lines file, one example per line. */
  path: string;
  /** Default: the format of the first example that has one. */
  format?: TrainingFormat;
  /** Counts tokens per example; without one the report says tokens were not counted. */
  tokenCounter?: TokenCounterV1;
  /** Tokens one example may hold (checked only when tokens are counted). */
  contextLimit?: number;
  /** Evaluation datasets the training prompts must not leak into. */
  evalPaths?: readonly string[];
  /** The evaluation datasets' prompt field, when it is not one tuneops finds by itself. */
  evalField?: string;
  /** Look for PII in every message (default true). */
  pii?: boolean;
  /** Called every 1,000 examples with the count so far. */
  onProgress?: (examples: number) => void;
}

const checkers: Record<TrainingFormat, (example: unknown) => ExampleIssue[]> = {
  "openai-chat": checkChatExample,
  "openai-preference": checkOpenaiPreferenceExample,
  "trl-preference": checkTrlPreferenceExample,
};

/**
 * Checks a training file line by line (streamed: memory grows with the number of examples, by a hash
 * and a token count each, never with their text) and reports every problem with its line.
 */
export async function validateTrainingData(options: ValidateTrainingDataOptions): Promise<TrainingDataReport> {
  await assertReadableFile(options.path);
  const evalPrompts = options.evalPaths && options.evalPaths.length > 0 ? await loadEvalPrompts({ paths: options.evalPaths, ...(options.evalField ? { field: options.evalField } : {}) }) : undefined;
  const counter = options.tokenCounter;
  const limit = counter ? (options.contextLimit ?? null) : null;
  const report = emptyReport(options.path, options.format ?? null, counter, limit, evalPrompts);
  const issues: TrainingIssue[] = [];
  const seen = new Map<string, number>();
  const messageCounts = { min: Number.POSITIVE_INFINITY, max: 0, sum: 0 };
  for await (const row of readJsonl(options.path)) {
    report.examples++;
    if (report.examples % 1_000 === 0) options.onProgress?.(report.examples);
    const line = row.line;
    if (isRowError(row)) {
      const invalidJson = row.error.startsWith("invalid JSON");
      issues.push({ line, code: invalidJson ? "invalid_json" : "data_type", message: row.error });
      continue;
    }
    const example = row.vars;
    const detected = detectTrainingFormat(example);
    if (report.format === null && detected !== undefined) report.format = detected;
    const format = report.format ?? "openai-chat";
    if (detected !== undefined && detected !== format) {
      issues.push({ line, code: "mixed_formats", message: `this example is in the ${detected} format, the file's is ${format}` });
      continue;
    }
    const found = checkers[format](example);
    for (const issue of found) issues.push({ line, ...issue });
    const fingerprint = hashOf(example);
    const firstSeen = seen.get(fingerprint);
    if (firstSeen === undefined) seen.set(fingerprint, line);
    else issues.push({ line, code: "duplicate_example", message: `repeats the example on line ${firstSeen}` });
    if (found.some((issue) => !warningCodes.has(issue.code))) continue;
    report.valid_examples++;
    const pair = toTrainingPair(example, format);
    const messages = [...pair.prompt, ...pair.chosen, ...(pair.rejected ?? [])];
    messageCounts.min = Math.min(messageCounts.min, messages.length);
    messageCounts.max = Math.max(messageCounts.max, messages.length);
    messageCounts.sum += messages.length;
    countAssistants(report, messages);
    if (counter) countTokens({ report, counter, pair, line, issues });
    if (options.pii !== false) findPii(report, messages, line, issues);
    if (evalPrompts) findLeakage(report, evalPrompts, pair, line, issues);
  }
  if (report.valid_examples > 0) report.messages = { min: messageCounts.min, max: messageCounts.max, mean: messageCounts.sum / report.valid_examples };
  finishTokens(report);
  for (const issue of issues) {
    (warningCodes.has(issue.code) ? report.warnings : report.errors).push(issue);
    report.counts[issue.code] = (report.counts[issue.code] ?? 0) + 1;
  }
  report.duplicates = report.counts.duplicate_example ?? 0;
  if (report.examples === 0) report.errors.push({ line: 1, code: "missing_messages_list", message: "the file holds no examples" });
  report.ok = report.errors.length === 0;
  return report;
}

function emptyReport(file: string, format: TrainingFormat | null, counter: TokenCounterV1 | undefined, limit: number | null, evalPrompts: EvalPrompts | undefined): TrainingDataReport {
  return {
    ok: false,
    file,
    format,
    examples: 0,
    valid_examples: 0,
    errors: [],
    warnings: [],
    counts: {},
    tokens: { counted: counter !== undefined, encoding: counter?.encoding ?? null, total: counter ? 0 : null, min: null, max: null, mean: null, per_example: [], context_limit: limit, over_limit: 0 },
    messages: null,
    assistant_messages: { total: 0, weight_zero: 0 },
    duplicates: 0,
    pii: { examples: 0, by_type: {} },
    leakage: { eval_files: evalPrompts?.files ?? [], eval_prompts: evalPrompts?.exact.size ?? 0, exact: 0, normalised: 0 },
  };
}

function hashOf(example: unknown): string {
  // SHA-1 is a fingerprint here, not a security boundary: one-shot hashing is what keeps it cheap per line.
  return hash("sha1", canonicalJson(example), "base64");
}

function countAssistants(report: TrainingDataReport, messages: readonly JsonObject[]): void {
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    report.assistant_messages.total++;
    if (message.weight === 0) report.assistant_messages.weight_zero++;
  }
}

function countTokens(options: { report: TrainingDataReport; counter: TokenCounterV1; pair: TrainingPair; line: number; issues: TrainingIssue[] }): void {
  const { report, counter, pair, line } = options;
  const tools = pair.tools ? { tools: pair.tools } : {};
  const sequences = [[...pair.prompt, ...pair.chosen], ...(pair.rejected ? [[...pair.prompt, ...pair.rejected]] : [])];
  const lengths = sequences.map((messages) => counter.countChat({ messages: messages.map(toCountedMessage), ...tools }));
  const tokens = lengths.reduce((sum, value) => sum + value, 0);
  report.tokens.per_example.push({ line, tokens });
  const longest = Math.max(...lengths);
  const limit = report.tokens.context_limit;
  if (limit !== null && longest > limit) {
    report.tokens.over_limit++;
    options.issues.push({ line, code: "over_context_limit", message: `${longest} tokens, over the limit of ${limit}: the provider truncates it` });
  }
}

function finishTokens(report: TrainingDataReport): void {
  const tokens = report.tokens;
  if (!tokens.counted || tokens.per_example.length === 0) return;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let total = 0;
  for (const { tokens: count } of tokens.per_example) {
    min = Math.min(min, count);
    max = Math.max(max, count);
    total += count;
  }
  Object.assign(tokens, { min, max, total, mean: total / tokens.per_example.length });
}

/**
 * PII scans of texts seen recently: system prompts and canned replies repeat across a training file, so
 * each is scanned once. Bounded: cleared when full.
 */
const piiCache = new Map<string, PiiMatch[]>();
const piiCacheSize = 1_024;

function piiOf(text: string): PiiMatch[] {
  if (text.length > 4_096) return detectPii(text);
  let matches = piiCache.get(text);
  if (matches === undefined) {
    matches = detectPii(text);
    if (piiCache.size >= piiCacheSize) piiCache.clear();
    piiCache.set(text, matches);
  }
  return matches;
}

function findPii(report: TrainingDataReport, messages: readonly JsonObject[], line: number, issues: TrainingIssue[]): void {
  let found = false;
  messages.forEach((message, index) => {
    const matches = piiOf(contentText(message.content));
    if (matches.length === 0) return;
    found = true;
    for (const match of matches) report.pii.by_type[match.type] = (report.pii.by_type[match.type] ?? 0) + 1;
    issues.push({ line, code: "pii_found", message: `${String(message.role)} message ${index + 1}: ${describePii(matches)}` });
  });
  if (found) report.pii.examples++;
}

function findLeakage(report: TrainingDataReport, evalPrompts: EvalPrompts, pair: TrainingPair, line: number, issues: TrainingIssue[]): void {
  const texts = userTexts(pair.prompt);
  if (texts.length > 1) texts.push(texts.join("\n"));
  for (const text of texts) {
    const exact = evalPrompts.exact.get(text);
    if (exact !== undefined) {
      report.leakage.exact++;
      issues.push({ line, code: "eval_leakage", message: `a prompt appears word for word in the evaluation set (${exact})` });
      return;
    }
  }
  for (const text of texts) {
    const normal = evalPrompts.normalised.get(normalisePrompt(text));
    if (normal !== undefined) {
      report.leakage.normalised++;
      issues.push({ line, code: "eval_leakage", message: `a prompt matches one of the evaluation set once case, punctuation and spacing are ignored (${normal})` });
      return;
    }
  }
}

/** A checked message as the token counter takes it (its role is a string by then). */
function toCountedMessage(message: JsonObject): TokenCountChatMessage {
  return { ...message, role: String(message.role) } as TokenCountChatMessage;
}
