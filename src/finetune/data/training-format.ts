import { isObject, type JsonObject } from "./json-shapes.js";

/**
 * The training-data formats tuneops reads and writes:
 * - `openai-chat`: `{ messages, tools?, parallel_tool_calls? }`, OpenAI's supervised format (also TRL's
 *   conversational SFT format).
 * - `openai-preference`: `{ input: { messages, tools? }, preferred_output: [assistant], non_preferred_output: [assistant] }`,
 *   OpenAI's preference (DPO) format.
 * - `trl-preference`: `{ prompt, chosen, rejected }`, TRL's explicit-prompt preference format, either
 *   plain strings or lists of messages.
 */
export const trainingFormats = ["openai-chat", "openai-preference", "trl-preference"] as const;
export type TrainingFormat = (typeof trainingFormats)[number];

export function isTrainingFormat(value: string): value is TrainingFormat {
  return (trainingFormats as readonly string[]).includes(value);
}

/** Which format an example is in, judged by its keys; undefined when none fits. */
export function detectTrainingFormat(example: unknown): TrainingFormat | undefined {
  if (!isObject(example)) return undefined;
  if ("preferred_output" in example || "non_preferred_output" in example) return "openai-preference";
  if ("chosen" in example || "rejected" in example) return "trl-preference";
  if ("messages" in example) return "openai-chat";
  return undefined;
}

export type { JsonObject };
