import { stemmer } from "stemmer";

/**
 * English stop words: Lucene's classic English list plus the most frequent pronouns and auxiliaries.
 * Kept short on purpose: negations ("not", "no") and question words ("how", "why") carry meaning for
 * intents and FAQs, so they stay.
 */
export const englishStopWords: ReadonlySet<string> = new Set([
  "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "if", "in", "into", "is", "it",
  "its", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
  "to", "was", "will", "with", "i", "me", "my", "we", "our", "you", "your", "he", "she", "him", "her",
  "his", "them", "am", "were", "being", "do", "does", "did", "so", "than", "too", "very", "s", "t",
]);

export interface TokenizeOptions {
  /** Drop English stop words (default true). */
  removeStopWords?: boolean;
  /** Reduce words to their Porter stem (default true). */
  stem?: boolean;
}

// A word is a run of letters, digits and combining marks in any script; apostrophes inside a word
// ("don't", "customer’s") are dropped so the word stays whole.
const wordPattern = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;
const apostrophes = /['’]/g;
const latinWord = /^[a-z]+$/;

/** Lowercased, unicode-aware word tokens, stop words removed and stemmed unless told otherwise. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const removeStopWords = options.removeStopWords ?? true;
  const stem = options.stem ?? true;
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(wordPattern)) {
    const word = match[0].replace(apostrophes, "");
    if (removeStopWords && englishStopWords.has(word)) continue;
    // The Porter stemmer is defined for English letters only; other scripts pass through unchanged.
    tokens.push(stem && latinWord.test(word) ? stemmer(word) : word);
  }
  return tokens;
}
