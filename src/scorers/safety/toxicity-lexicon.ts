import { DataSet, RegExpMatcher, englishDataset, englishRecommendedTransformers, pattern } from "obscenity";

/**
 * The offline toxicity lexicon: obscenity's English dataset (profanity, sexual terms and a set of slurs,
 * with its whitelist of innocent words such as "assassin" and "Scunthorpe") read through its recommended
 * transformers (leetspeak, confusable and accented letters, repeated letters), plus the identity slurs and
 * threats that dataset lacks. Built once, when the module loads.
 */

export const lexiconCategories = ["profanity", "slur", "threat"] as const;
export type LexiconCategory = (typeof lexiconCategories)[number];

// Entries of obscenity's English dataset that demean people for who they are.
const datasetSlurs: ReadonlySet<string> = new Set([
  "abo", "abeed", "africoon", "arabush", "boonga", "chingchong", "chink", "dyke", "fag", "kike", "negro", "nigger", "retard", "spastic", "tranny",
]);

/**
 * What obscenity 0.4.6 does not cover. `|` marks a word boundary (so "raccoon" and "spicy" stay clean),
 * `[s]` an optional letter. Kept short and unambiguous on purpose: a lexicon grows false positives
 * faster than it finds abuse (see docs/safety.md).
 */
const extraTerms: readonly { word: string; category: LexiconCategory; patterns: readonly ReturnType<typeof pattern>[] }[] = [
  { word: "spic", category: "slur", patterns: [pattern`|spic[s]|`] },
  { word: "wetback", category: "slur", patterns: [pattern`|wetback`] },
  { word: "gook", category: "slur", patterns: [pattern`|gook[s]|`] },
  { word: "raghead", category: "slur", patterns: [pattern`raghead`] },
  { word: "towelhead", category: "slur", patterns: [pattern`towelhead`] },
  { word: "beaner", category: "slur", patterns: [pattern`|beaner[s]|`] },
  { word: "paki", category: "slur", patterns: [pattern`|paki[s]|`] },
  { word: "coon", category: "slur", patterns: [pattern`|coon[s]|`] },
  { word: "dago", category: "slur", patterns: [pattern`|dago[s]|`] },
  { word: "wop", category: "slur", patterns: [pattern`|wop[s]|`] },
  { word: "zipperhead", category: "slur", patterns: [pattern`zipperhead`] },
  { word: "porch monkey", category: "slur", patterns: [pattern`porch monkey`] },
  { word: "jungle bunny", category: "slur", patterns: [pattern`jungle bunn`] },
  { word: "shemale", category: "slur", patterns: [pattern`|shemale`] },
  { word: "gyppo", category: "slur", patterns: [pattern`|gyppo`, pattern`|gypo|`] },
  { word: "kill yourself", category: "threat", patterns: [pattern`|kill yourself|`, pattern`|kill urself|`, pattern`|kys|`] },
  {
    word: "i will kill you",
    category: "threat",
    patterns: [pattern`|i will kill you|`, pattern`|i'll kill you|`, pattern`|going to kill you|`, pattern`|gonna kill you|`, pattern`|i will murder you|`],
  },
  { word: "i will hurt you", category: "threat", patterns: [pattern`|i will hurt you|`, pattern`|i'll hurt you|`, pattern`|going to hurt you|`, pattern`|gonna hurt you|`] },
  { word: "i will shoot you", category: "threat", patterns: [pattern`|i will shoot you|`, pattern`|i'll shoot you|`, pattern`|should be shot|`] },
  { word: "hope you die", category: "threat", patterns: [pattern`|hope you die|`, pattern`|you should die|`, pattern`|deserve to die|`, pattern`|die in a fire|`, pattern`|go die|`] },
  { word: "slit your throat", category: "threat", patterns: [pattern`|slit your throat|`, pattern`|bullet in your head|`] },
];

// Categories by lexicon entry; obscenity's own entries are profanity unless listed as slurs.
const categories = new Map<string, LexiconCategory>([...datasetSlurs].map((word) => [word, "slur"]));
const dataset = new DataSet<{ originalWord: string }>().addAll(englishDataset);
for (const extra of extraTerms) {
  categories.set(extra.word, extra.category);
  dataset.addPhrase((phrase) => {
    phrase.setMetadata({ originalWord: extra.word });
    for (const term of extra.patterns) phrase.addPattern(term);
    return phrase;
  });
}

const matcher = new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers });

export interface ToxicTerm {
  /** The lexicon entry, e.g. `fuck` (for any of its spellings). */
  term: string;
  category: LexiconCategory;
  /** UTF-16 offsets in the text; `end` is exclusive. */
  start: number;
  end: number;
  /** The text as written, e.g. `fuuuck1ng` in part. */
  text: string;
}

/** The lexicon's matches in `text`, in order of position, one per entry and place. */
export function findToxicTerms(text: string): ToxicTerm[] {
  const matches = matcher.getAllMatches(text, true);
  const terms: ToxicTerm[] = [];
  const seen = new Set<string>();
  for (const match of matches) {
    const { phraseMetadata } = dataset.getPayloadWithPhraseMetadata(match);
    if (phraseMetadata === undefined) continue;
    // One phrase may match the same place through several of its patterns.
    const key = `${phraseMetadata.originalWord}@${match.startIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const end = match.endIndex + 1;
    const term = phraseMetadata.originalWord;
    terms.push({ term, category: categories.get(term) ?? "profanity", start: match.startIndex, end, text: text.slice(match.startIndex, end) });
  }
  return terms;
}

/** Whether the text contains any lexicon entry (cheaper than `findToxicTerms`). */
export function hasToxicTerm(text: string): boolean {
  return matcher.hasMatch(text);
}

const wordRest = /(\S)(\S*)/gu;

/** Each word's first character kept, the rest starred: `fuck you` -> `f*** y**`, `f*ck` -> `f***`. */
export function censorTerm(text: string): string {
  return text.replace(wordRest, (_match, first: string, rest: string) => first + "*".repeat([...rest].length));
}
