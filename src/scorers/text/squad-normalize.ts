import { pythonSplit } from "./python-text.js";

/**
 * The SQuAD scripts' `normalize_answer` (lowercase, drop ASCII punctuation, drop articles, collapse
 * whitespace), with its tokens. Text made only of ASCII letters, digits, punctuation and whitespace
 * takes a single pass over its character codes; anything else (non-ASCII, control characters) takes
 * the regular-expression transcription of the script, the oracle of the fast pass in the tests.
 */
export interface SquadNormalized {
  /** The normalised text. */
  text: string;
  /** `text.split()` of the normalised text (shared: never modify). */
  tokens: readonly string[];
}

/** `string.punctuation`: ASCII punctuation only, so "é" or "—" survive normalisation as in the script. */
const asciiPunctuation = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+/g;
/**
 * `\b(a|an|the)\b` with Python 3's Unicode word boundaries: JavaScript's `\b` only knows ASCII word
 * characters, which would split "éa" into a word boundary before "a".
 */
const articles = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
/** For ASCII text the ASCII `\b` is the same boundary, and faster. */
const asciiArticles = /\b(?:a|an|the)\b/g;
const nonAscii = /[^\x00-\x7f]/;

/** The script's steps as regular expressions, for any text. */
export function squadNormalizeByRegex(text: string): string {
  const stripped = text.toLowerCase().replace(asciiPunctuation, "");
  return pythonSplit(stripped.replace(nonAscii.test(stripped) ? articles : asciiArticles, " ")).join(" ");
}

// What each ASCII code is to the normaliser. Control characters other than whitespace are "other":
// they are word boundaries to `\b` yet stay inside tokens, a case left to the regular expressions.
const other = 0;
const space = 1;
const punctuation = 2;
const lower = 3;
const upper = 4;
const asciiClass = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const character = String.fromCharCode(code);
  if ((code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x20)) asciiClass[code] = space;
  else if ("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".includes(character)) asciiClass[code] = punctuation;
  else if ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a)) asciiClass[code] = lower;
  else if (code >= 0x41 && code <= 0x5a) asciiClass[code] = upper;
  else asciiClass[code] = other;
}

/**
 * The fast pass: after punctuation is dropped, a token is a run of letters and digits between
 * whitespace, and an article can only match a whole token; undefined when the text needs the slow path.
 */
function normalizeAsciiTokens(text: string): string[] | undefined {
  const tokens: string[] = [];
  let word = ""; // the token so far, from the pieces before the last punctuation
  let start = -1; // start of the current piece of the token (pieces are separated by punctuation)
  let upperSeen = false;
  // One step past the end, read as a space: the end of the text ends the last piece and the last token.
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 0x20;
    const kind = code < 128 ? (asciiClass[code] as number) : other;
    if (kind === lower) {
      if (start < 0) start = index;
    } else if (kind === upper) {
      if (start < 0) start = index;
      upperSeen = true;
    } else if (kind === punctuation || kind === space) {
      if (start >= 0) {
        word = word === "" ? text.slice(start, index) : word + text.slice(start, index);
        start = -1;
      }
      if (kind === space && word !== "") {
        const token = upperSeen ? word.toLowerCase() : word;
        if (token !== "a" && token !== "an" && token !== "the") tokens.push(token);
        word = "";
        upperSeen = false;
      }
    } else {
      return undefined;
    }
  }
  return tokens;
}

function normalizeByRegex(text: string): SquadNormalized {
  const normalized = squadNormalizeByRegex(text);
  return { text: normalized, tokens: pythonSplit(normalized) };
}

// exact-match and f1 usually run side by side on the same output and references, and an output often
// equals its reference: the last few normalisations are kept so they are not repeated.
const recentTexts: string[] = [];
const recentNormalized: SquadNormalized[] = [];
const recentLimit = 8;
let nextSlot = 0;

/** The normalised text and its tokens, from a small cache of recent texts. */
export function squadNormalizeDetail(text: string): SquadNormalized {
  // Newest first: a reference equal to the output just normalised is found at the first comparison.
  for (let step = 1; step <= recentTexts.length; step++) {
    const index = (nextSlot - step + recentLimit) % recentLimit;
    if (recentTexts[index] === text) return recentNormalized[index] as SquadNormalized;
  }
  const tokens = normalizeAsciiTokens(text);
  const normalized = tokens === undefined ? normalizeByRegex(text) : { text: tokens.join(" "), tokens };
  recentTexts[nextSlot] = text;
  recentNormalized[nextSlot] = normalized;
  nextSlot = (nextSlot + 1) % recentLimit;
  return normalized;
}
