import type { ChatMessage } from "../../spec/language-model.js";

/** What a user's script function receives for each call. */
export interface ScriptInput {
  /** The prompt as text (chat messages joined by blank lines). */
  prompt: string;
  /** The chat messages, when the prompt is a chat prompt. */
  messages?: ChatMessage[];
  /** The case's dataset row (empty outside evaluations). */
  vars: Readonly<Record<string, unknown>>;
  /** The case's id ("" outside evaluations). */
  caseId: string;
  /** Aborted when the call is cancelled or times out; pass it on to `fetch` and the like. */
  signal?: AbortSignal;
}

/** Token counts the function may report; missing counts are 0. */
export interface ScriptUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export type ScriptOutput = string | { output: string; usage?: ScriptUsage };

/** The function a script module exports. */
export type ScriptFunction = (input: ScriptInput) => ScriptOutput | Promise<ScriptOutput>;
