import { judgePrompts, toolModeSuffix, type JudgePrompt } from "./judge-prompts.js";

/** Markers around the generated section of docs/judges.md. */
export const promptsSectionStart = "<!-- judge-prompts:start (generated from src/scorers/judge/judge-prompts.ts) -->";
export const promptsSectionEnd = "<!-- judge-prompts:end -->";

function promptMarkdown(prompt: JudgePrompt): string {
  return [
    `### \`${prompt.id}\`: ${prompt.title}`,
    "",
    "System message:",
    "",
    "```text",
    prompt.system,
    "```",
    "",
    "User message (`{{name}}` placeholders are filled per case):",
    "",
    "```text",
    prompt.user,
    "```",
    "",
    "Verdict JSON Schema:",
    "",
    "```json",
    JSON.stringify(prompt.verdictSchema, null, 2),
    "```",
  ].join("\n");
}

/**
 * The judge prompts as the Markdown section docs/judges.md carries between its markers: every prompt's
 * id, messages and verdict schema, exactly as sent. A test keeps the doc equal to this.
 */
export function judgePromptsMarkdown(): string {
  return [
    promptsSectionStart,
    "",
    ...judgePrompts.map((prompt) => `${promptMarkdown(prompt)}\n`),
    "When the verdict is asked for as a tool call, this line is appended to the user message:",
    "",
    "```text",
    toolModeSuffix,
    "```",
    "",
    promptsSectionEnd,
  ].join("\n");
}
