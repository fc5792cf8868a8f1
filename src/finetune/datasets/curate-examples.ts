import { createHash } from "node:crypto";
import { detectPii, redactPii, type PiiEntityType } from "../../scorers/safety/pii-detect.js";
import { createRandom } from "../../stats/random.js";
import { canonicalJson } from "../data/json-shapes.js";

/** One chat training example in OpenAI's fine-tuning format (a line of the JSONL written). */
export interface ChatTrainingExample {
  messages: ChatTrainingMessage[];
  /** Tool definitions the conversation could call, as the request sent them. */
  tools?: unknown[];
}

export interface ChatTrainingMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string | null;
  name?: string;
  tool_calls?: unknown[];
  tool_call_id?: string;
}

/** What to do with the examples gathered: PII redaction, deduplication, the validation split. */
export interface CurationOptions {
  /** Entity types to redact; an empty list redacts nothing. */
  redact: readonly PiiEntityType[];
  dedupe: boolean;
  /** Share of examples held out for validation, 0 to <1. */
  validationShare: number;
  /** Seed of the split (the same seed and examples give the same split). */
  seed: number;
}

export interface CuratedDataset {
  train: ChatTrainingExample[];
  validation: ChatTrainingExample[];
  duplicates: number;
  /** Examples in which PII was redacted. */
  redactedExamples: number;
  /** Redacted entities by type. */
  redactedEntities: Partial<Record<PiiEntityType, number>>;
}

/**
 * Redacts PII (message text and tool-call arguments), drops exact duplicates (same messages and tools
 * after redaction, the first kept) and holds out a seeded random share for validation; each file keeps
 * the examples' original order.
 */
export function curateExamples(examples: readonly ChatTrainingExample[], options: CurationOptions): CuratedDataset {
  const redactedEntities: Partial<Record<PiiEntityType, number>> = {};
  let redactedExamples = 0;
  const seen = new Set<string>();
  const kept: ChatTrainingExample[] = [];
  let duplicates = 0;
  for (const original of examples) {
    let example = original;
    if (options.redact.length > 0) {
      const counts = { changed: false };
      example = { ...original, messages: original.messages.map((message) => redactMessage(message, options.redact, redactedEntities, counts)) };
      if (counts.changed) redactedExamples++;
    }
    if (options.dedupe) {
      const fingerprint = createHash("sha1").update(canonicalJson({ messages: example.messages, tools: example.tools ?? null })).digest("base64");
      if (seen.has(fingerprint)) {
        duplicates++;
        continue;
      }
      seen.add(fingerprint);
    }
    kept.push(example);
  }
  const held = validationIndices(kept.length, options.validationShare, options.seed);
  return {
    train: kept.filter((_, index) => !held.has(index)),
    validation: kept.filter((_, index) => held.has(index)),
    duplicates,
    redactedExamples,
    redactedEntities,
  };
}

/** A seeded Fisher-Yates shuffle's first round(n x share) positions. */
function validationIndices(count: number, share: number, seed: number): Set<number> {
  const size = Math.round(count * share);
  const order = Array.from({ length: count }, (_, index) => index);
  const random = createRandom(seed);
  for (let index = count - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return new Set(order.slice(0, size));
}

function redactMessage(message: ChatTrainingMessage, entities: readonly PiiEntityType[], tally: Partial<Record<PiiEntityType, number>>, counts: { changed: boolean }): ChatTrainingMessage {
  const redact = (text: string): string => {
    const found = detectPii(text, entities);
    if (found.length === 0) return text;
    counts.changed = true;
    for (const match of found) tally[match.type] = (tally[match.type] ?? 0) + 1;
    return redactPii(text, entities);
  };
  const copy: ChatTrainingMessage = { ...message, content: message.content === null ? null : redact(message.content) };
  if (message.tool_calls) copy.tool_calls = message.tool_calls.map((call) => redactToolCall(call, redact));
  return copy;
}

function redactToolCall(call: unknown, redact: (text: string) => string): unknown {
  if (typeof call !== "object" || call === null) return call;
  const fn = (call as { function?: unknown }).function;
  if (typeof fn !== "object" || fn === null) return call;
  const args = (fn as { arguments?: unknown }).arguments;
  return typeof args === "string" ? { ...call, function: { ...fn, arguments: redact(args) } } : call;
}
