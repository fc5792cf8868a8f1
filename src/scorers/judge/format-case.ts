/** Longest value of one case field shown to a judge, in characters. */
const maxValueLength = 600;
/** Longest "Case" section, in characters: keeps prompts within small local models' context. */
const maxSectionLength = 2400;

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? String(value);
}

function truncate(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}… (${text.length - maxLength} more characters)` : text;
}

/**
 * The "Case" section of a judge prompt: every field of the case as `key: value` lines, each value cut to
 * 600 characters and the section to 2,400. The judge sees the whole case (the question, its context)
 * without the scorer knowing which field is the input. Fields whose value is one of `hide` are left out:
 * a pairwise or factuality judge must not see the reference among the case fields (it would recognise
 * the reference answer in a blind comparison).
 */
export function formatCase(vars: Readonly<Record<string, unknown>>, hide: readonly string[] = []): string {
  const hidden = new Set(hide.map((value) => value.trim()));
  const lines: string[] = [];
  let length = 0;
  const entries = Object.entries(vars);
  for (const [index, [key, value]] of entries.entries()) {
    const text = stringify(value);
    if (hidden.has(text.trim()) || (Array.isArray(value) && value.length > 0 && value.every((item) => hidden.has(stringify(item).trim())))) continue;
    const line = `${key}: ${truncate(text, maxValueLength).replace(/\n/g, "\n  ")}`;
    if (length + line.length > maxSectionLength) {
      lines.push(`(${entries.length - index} more fields left out)`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.length === 0 ? "(no fields)" : lines.join("\n");
}
