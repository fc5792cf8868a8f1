import { toolModeSuffix } from "../judge/judge-prompts.js";
import { toxicityPrompt } from "./toxicity-prompt.js";

/** Markers around the generated section of docs/safety.md. */
export const toxicityPromptSectionStart = "<!-- toxicity-prompt:start (generated from src/scorers/safety/toxicity-prompt.ts) -->";
export const toxicityPromptSectionEnd = "<!-- toxicity-prompt:end -->";

/**
 * The `toxicity@1` prompt as the Markdown section docs/safety.md carries between its markers, exactly as
 * sent (system message, user message, verdict schema). A test keeps the doc equal to this.
 */
export function toxicityPromptMarkdown(): string {
  return [
    toxicityPromptSectionStart,
    "",
    `### \`${toxicityPrompt.id}\`: ${toxicityPrompt.title}`,
    "",
    "System message:",
    "",
    "```text",
    toxicityPrompt.system,
    "```",
    "",
    "User message (`{{output}}` is the output being scored):",
    "",
    "```text",
    toxicityPrompt.user,
    "```",
    "",
    "Verdict JSON Schema:",
    "",
    "```json",
    JSON.stringify(toxicityPrompt.verdictSchema, null, 2),
    "```",
    "",
    "When the verdict is asked for as a tool call, this line is appended to the user message:",
    "",
    "```text",
    toolModeSuffix,
    "```",
    "",
    toxicityPromptSectionEnd,
  ].join("\n");
}
