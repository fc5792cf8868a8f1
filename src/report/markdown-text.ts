/**
 * Escaping for GitHub-flavoured Markdown. User text (candidate ids, reasons, outputs) must neither
 * break a table nor inject HTML, so cells escape HTML and pipes and turn newlines into `<br>`.
 */

function escapeHtmlCharacters(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text for inline Markdown: HTML and Markdown punctuation escaped. */
export function escapeMarkdownInline(text: string): string {
  return escapeHtmlCharacters(text).replace(/([\\`*_[\]|#~])/g, "\\$1");
}

/** Text for one table cell: inline-escaped, single line. */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdownInline(text).replace(/\r?\n/g, "<br>");
}

/** Inline code that survives backticks and pipes inside it. */
export function markdownCode(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longestRun + 1);
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run in the text. */
export function markdownCodeBlock(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text}\n${fence}`;
}

export interface MarkdownTableOptions {
  headers: readonly string[];
  /** `r` right-aligns a column. */
  align: readonly ("l" | "r")[];
  /** Cells already escaped (use escapeMarkdownCell for user text). */
  rows: readonly (readonly string[])[];
}

export function markdownTable(options: MarkdownTableOptions): string {
  const separator = options.headers.map((_, index) => (options.align[index] === "r" ? "---:" : "---"));
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(options.headers), line(separator), ...options.rows.map(line)].join("\n");
}
