import { TuneopsError } from "../../spec/errors.js";
import { isObject, type JsonObject } from "./json-shapes.js";
import type { TrainingFormat } from "./training-format.js";

/**
 * The one shape every format converts through: a prompt (messages, tools) and one or two assistant
 * replies. A chat example is a pair without a rejected reply.
 */
export interface TrainingPair {
  prompt: JsonObject[];
  tools?: unknown[];
  parallelToolCalls?: boolean;
  /** The reply to learn (the last assistant turn of a chat example, or a whole chat's turns after the prompt). */
  chosen: JsonObject[];
  /** The reply to learn against (preference formats only). */
  rejected?: JsonObject[];
  /** Whether a TRL example used plain strings (kept when writing TRL again). */
  plainText?: boolean;
}

/** Reads one valid example (checked beforehand) into a pair. */
export function toTrainingPair(example: JsonObject, format: TrainingFormat): TrainingPair {
  if (format === "openai-chat") {
    const messages = example.messages as JsonObject[];
    // The prompt is everything before the last assistant turn: a preference pair compares final replies.
    let split = messages.length;
    while (split > 0 && messages[split - 1]?.role !== "assistant") split--;
    while (split > 0 && messages[split - 1]?.role === "assistant") split--;
    return withTools({ prompt: messages.slice(0, split), chosen: messages.slice(split) }, example);
  }
  if (format === "openai-preference") {
    const input = example.input as JsonObject;
    return withTools(
      { prompt: input.messages as JsonObject[], chosen: example.preferred_output as JsonObject[], rejected: example.non_preferred_output as JsonObject[] },
      input,
    );
  }
  if (typeof example.prompt === "string") {
    return {
      prompt: [{ role: "user", content: example.prompt }],
      chosen: [{ role: "assistant", content: example.chosen }],
      rejected: [{ role: "assistant", content: example.rejected }],
      plainText: true,
    };
  }
  return withTools({ prompt: example.prompt as JsonObject[], chosen: example.chosen as JsonObject[], rejected: example.rejected as JsonObject[] }, example);
}

function withTools(pair: TrainingPair, source: JsonObject): TrainingPair {
  if (Array.isArray(source.tools)) pair.tools = source.tools;
  if (typeof source.parallel_tool_calls === "boolean") pair.parallelToolCalls = source.parallel_tool_calls;
  return pair;
}

/** Writes a pair in a format; throws (with the line) when the format cannot hold it. */
export function fromTrainingPair(pair: TrainingPair, format: TrainingFormat, line: number): JsonObject {
  if (format === "openai-chat") {
    const out: JsonObject = { messages: [...pair.prompt, ...pair.chosen] };
    if (pair.tools) out.tools = pair.tools;
    if (pair.parallelToolCalls !== undefined) out.parallel_tool_calls = pair.parallelToolCalls;
    return out;
  }
  const rejected = pair.rejected;
  if (rejected === undefined) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `line ${line}: a chat example has no rejected reply, so it cannot become a preference pair`,
      location: { line },
      hint: "Convert preference pairs to chat (their chosen replies), not chat to preference pairs; build pairs from rated outputs instead.",
    });
  }
  if (format === "openai-preference") {
    if (pair.chosen.length !== 1 || rejected.length !== 1) {
      throw new TuneopsError({
        code: "input_invalid",
        message: `line ${line}: OpenAI's preference format takes exactly one assistant message per output (chosen has ${pair.chosen.length}, rejected ${rejected.length})`,
        location: { line },
        hint: "Keep the earlier turns in the prompt and only the final assistant reply in chosen and rejected.",
      });
    }
    const input: JsonObject = { messages: pair.prompt };
    if (pair.tools) input.tools = pair.tools;
    if (pair.parallelToolCalls !== undefined) input.parallel_tool_calls = pair.parallelToolCalls;
    return { input, preferred_output: pair.chosen.map(withoutWeight), non_preferred_output: rejected.map(withoutWeight) };
  }
  if (pair.plainText) return { prompt: pair.prompt[0]?.content, chosen: pair.chosen[0]?.content, rejected: rejected[0]?.content };
  const out: JsonObject = { prompt: pair.prompt, chosen: pair.chosen, rejected };
  if (pair.tools) out.tools = pair.tools;
  return out;
}

/** Preference outputs carry no per-message weight. */
function withoutWeight(message: JsonObject): JsonObject {
  if (!isObject(message) || !("weight" in message)) return message;
  const { weight: _weight, ...rest } = message;
  return rest;
}
