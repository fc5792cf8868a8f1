import { TuneopsError } from "../../spec/errors.js";

/** How a label is read from a model's output (the `extract` field of a `classification` scorer). */
export type LabelExtraction = "exact" | "normalized" | "regex" | "json-field";

export interface LabelExtractorOptions {
  extract: LabelExtraction;
  /** regex: a JavaScript pattern, or `/pattern/flags`; the label is the first capture group, else the whole match. */
  pattern?: string | undefined;
  /** json-field: dotted path of the label in the output's JSON (`label`, `result.class`, `choices.0`). */
  field?: string | undefined;
  /** The label set. With it, normalised text maps onto the label's own spelling (see `createLabelNormalizer`). */
  labels?: readonly string[] | undefined;
}

/** Reads a label from an output; null when the output holds none (no match, no JSON, empty text). */
export type LabelExtractor = (output: string) => string | null;

// Quotes, punctuation, symbols (markdown's * _ ` # > ~) and spaces around a label, as models wrap it.
const surrounding = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;
const whitespace = /\s+/g;
const wordCharacter = "[\\p{L}\\p{N}_]";

function lowerCollapsed(text: string): string {
  return text.trim().replace(whitespace, " ").toLowerCase();
}

/**
 * Trim, lowercase, collapse whitespace and strip surrounding quotes, punctuation and markdown:
 * `**Positive**.` and `"positive"` both become `positive`. Text that is nothing but such characters
 * (a label like `+1` or an emoji) keeps them, so it never normalises to the empty string.
 */
export function normalizeLabelText(text: string): string {
  const lowered = lowerCollapsed(text);
  const stripped = lowered.replace(surrounding, "");
  return stripped === "" ? lowered : stripped;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

interface KnownLabel {
  label: string;
  normalized: string;
  wholeWord: RegExp;
}

/**
 * The normalised form of a label-like text. Without a label set: `normalizeLabelText`. With one, the
 * text maps onto a label, tried in this order: its lowercased text equals a label's (so `C++` and `-1`
 * survive); its normalised form equals exactly one label's; exactly one label occurs in it as a whole
 * word (`The sentiment is positive.`), a label inside a longer matching label not counting (`very
 * positive` is not also `positive`). When none or several match, the normalised text itself.
 * Everything is compiled once, here.
 */
export function createLabelNormalizer(labels?: readonly string[]): (text: string) => string {
  if (labels === undefined || labels.length === 0) return normalizeLabelText;
  const byLowered = new Map<string, string>();
  const byNormalized = new Map<string, string | null>();
  const known: KnownLabel[] = [];
  for (const label of labels) {
    const lowered = lowerCollapsed(label);
    if (!byLowered.has(lowered)) byLowered.set(lowered, label);
    const normalized = normalizeLabelText(label);
    // Two labels with one normalised form (`-1` and `1`) make that form ambiguous: neither wins.
    byNormalized.set(normalized, byNormalized.has(normalized) && byNormalized.get(normalized) !== label ? null : label);
    if (known.some((entry) => entry.label === label)) continue;
    known.push({ label, normalized, wholeWord: new RegExp(`(?<!${wordCharacter})${escapeRegExp(normalized)}(?!${wordCharacter})`, "u") });
  }
  return (text) => {
    const lowered = lowerCollapsed(text);
    const direct = byLowered.get(lowered);
    if (direct !== undefined) return direct;
    const normalized = normalizeLabelText(text);
    const exact = byNormalized.get(normalized);
    if (exact !== undefined && exact !== null) return exact;
    let found: KnownLabel[] = [];
    for (const entry of known) if (entry.wholeWord.test(lowered)) found.push(entry);
    if (found.length > 1) {
      found = found.filter((entry) => !found.some((other) => other !== entry && other.normalized.length > entry.normalized.length && entry.wholeWord.test(other.normalized)));
    }
    return found.length === 1 ? (found[0] as KnownLabel).label : normalized;
  };
}

function optionsError(field: "pattern" | "field", message: string, cause?: unknown): TuneopsError {
  return new TuneopsError({ code: "config_invalid", message, location: { field }, ...(cause === undefined ? {} : { cause }) });
}

/** `/pattern/flags` carries its flags; anything else is a bare pattern. g and y are dropped: extraction reads the first match. */
function compilePattern(pattern: string): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  const source = literal ? (literal[1] as string) : pattern;
  const flags = literal ? (literal[2] as string).replace(/[gy]/g, "") : "";
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw optionsError("pattern", `invalid regular expression ${pattern}: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

const fencedBlock = /```[ \t]*(?:json[c5]?)?[ \t]*\r?\n([\s\S]*?)```/i;

/** The output as JSON: the whole text, else a fenced ```json block, else the outermost `{...}` or `[...]`. */
export function parseJsonOutput(output: string): unknown {
  const candidates: string[] = [output.trim()];
  const fenced = fencedBlock.exec(output);
  if (fenced) candidates.push((fenced[1] as string).trim());
  for (const [open, close] of [
    ["{", "}"],
    ["[", "]"],
  ] as const) {
    const start = output.indexOf(open);
    const end = output.lastIndexOf(close);
    if (start !== -1 && end > start) candidates.push(output.slice(start, end + 1));
  }
  for (const candidate of candidates) {
    if (candidate === "") continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Not this candidate; try the next.
    }
  }
  return undefined;
}

function readPath(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(key)) return undefined;
      node = node[Number(key)];
    } else if (typeof node === "object" && node !== null) {
      node = Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

/**
 * Builds the label reader of a classification scorer. `exact` takes the output as it is (trimmed:
 * models end lines with newlines). The other modes pass what they read through
 * `createLabelNormalizer(labels)`, so `"Positive"` in a JSON field and `positive` in a regex group
 * both come out as the label set's spelling. Throws `config_invalid` (field `pattern` or `field`) for a
 * missing or invalid pattern or path.
 */
export function createLabelExtractor(options: LabelExtractorOptions): LabelExtractor {
  const normalize = createLabelNormalizer(options.labels);
  const finish = (text: string): string | null => (text.trim() === "" ? null : normalize(text));
  switch (options.extract) {
    case "exact":
      return (output) => {
        const trimmed = output.trim();
        return trimmed === "" ? null : trimmed;
      };
    case "normalized":
      return finish;
    case "regex": {
      if (options.pattern === undefined || options.pattern === "") throw optionsError("pattern", "extract: regex needs a `pattern`");
      const pattern = compilePattern(options.pattern);
      return (output) => {
        const match = pattern.exec(output);
        if (!match) return null;
        return finish(match[1] ?? match[0]);
      };
    }
    case "json-field": {
      if (options.field === undefined || options.field.trim() === "") throw optionsError("field", "extract: json-field needs a `field` (a dotted path such as `label`)");
      const path = options.field.split(".");
      if (path.some((key) => key === "")) throw optionsError("field", `invalid dotted path ${JSON.stringify(options.field)}`);
      return (output) => {
        const value = readPath(parseJsonOutput(output), path);
        if (typeof value === "string") return finish(value);
        if (typeof value === "number" || typeof value === "boolean") return finish(String(value));
        return null;
      };
    }
  }
}
