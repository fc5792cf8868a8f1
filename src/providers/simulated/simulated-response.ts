import { TuneopsError } from "../../spec/errors.js";
import type { CaseContext, Prompt } from "../../spec/language-model.js";

/** The prompt as one text (chat messages joined by newlines), for token estimates. */
export function promptText(prompt: Prompt): string {
  return prompt.kind === "text" ? prompt.text : prompt.messages.map((message) => message.content).join("\n");
}

/**
 * The simulated answer. `echo`: the last non-blank line of the prompt (of the last user message in a
 * chat). `expected`: the case's reference answer (`case.expected`, as the runner supplies it), else `vars.__expected`, else
 * the dataset row's field named `expected`. Anything else is returned as fixed text.
 */
export function simulatedResponse(options: { response: string; prompt: Prompt; testCase: CaseContext | undefined }): string {
  const { response, prompt, testCase } = options;
  if (response === "echo") return lastLine(echoSource(prompt));
  if (response !== "expected") return response;
  const vars = testCase?.vars ?? {};
  const expected = testCase?.expected ?? vars["__expected"] ?? vars["expected"];
  if (expected === undefined || expected === null) {
    throw new TuneopsError({
      code: "input_invalid",
      message: testCase
        ? `The simulated model answers with the expected value, but case "${testCase.id}" has neither "__expected" nor "expected".`
        : "The simulated model answers with the expected value, but the call has no case.",
      location: { field: "response" },
      hint: "Use `response: echo` or a fixed text outside evaluations, or add an `expected` field to the dataset.",
    });
  }
  return typeof expected === "string" ? expected : JSON.stringify(expected);
}

function echoSource(prompt: Prompt): string {
  if (prompt.kind === "text") return prompt.text;
  const lastUser = prompt.messages.findLast((message) => message.role === "user");
  return (lastUser ?? prompt.messages.at(-1))?.content ?? "";
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  return lines.at(-1)?.trim() ?? "";
}

/** Splits text into exactly `count` consecutive pieces of near-equal length (empty when text is short). */
export function splitIntoPieces(text: string, count: number): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let index = 0; index < count; index++) {
    const start = Math.floor((index * codePoints.length) / count);
    const end = Math.floor(((index + 1) * codePoints.length) / count);
    pieces.push(codePoints.slice(start, end).join(""));
  }
  return pieces;
}
