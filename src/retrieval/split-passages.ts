export interface SplitPassagesOptions {
  /** Paragraphs shorter than this many words join the next one (headings, one-liners); default 20. */
  minWords?: number;
  /** Passages longer than this many words are cut into near-equal pieces; default 200. */
  maxWords?: number;
}

const wordWithSpace = /\S+\s*/g;

function countWords(text: string): number {
  return text.match(wordWithSpace)?.length ?? 0;
}

/**
 * Cuts a document into passages of a useful size for retrieval: paragraphs (split on blank lines), with
 * very short ones merged forward so a heading stays with its text, and long ones cut at word boundaries.
 */
export function splitPassages(text: string, options: SplitPassagesOptions = {}): string[] {
  const minWords = options.minWords ?? 20;
  const maxWords = options.maxWords ?? 200;
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);

  const merged: string[] = [];
  let current = "";
  for (const paragraph of paragraphs) {
    const currentWords = countWords(current);
    if (current && currentWords < minWords && currentWords + countWords(paragraph) <= maxWords) current = `${current}\n\n${paragraph}`;
    else {
      if (current) merged.push(current);
      current = paragraph;
    }
  }
  if (current) {
    // A short tail joins the passage before it rather than standing alone.
    const previous = merged.at(-1);
    if (previous !== undefined && countWords(current) < minWords && countWords(previous) + countWords(current) <= maxWords) merged[merged.length - 1] = `${previous}\n\n${current}`;
    else merged.push(current);
  }
  return merged.flatMap((passage) => cutLong(passage, maxWords));
}

function cutLong(passage: string, maxWords: number): string[] {
  const words = passage.match(wordWithSpace) ?? [];
  if (words.length <= maxWords) return [passage];
  const pieces = Math.ceil(words.length / maxWords);
  const size = Math.ceil(words.length / pieces);
  const result: string[] = [];
  for (let start = 0; start < words.length; start += size) result.push(words.slice(start, start + size).join("").trim());
  return result;
}
