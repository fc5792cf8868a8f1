/**
 * The Porter stemmer as NLTK's `PorterStemmer()` runs it by default (mode NLTK_EXTENSIONS), which is
 * what google-research's rouge-score uses with `use_stemmer=True`. Written here rather than taken from
 * the `stemmer` package because that package implements Martin Porter's own revision, which differs
 * from NLTK on common words ("used" -> "us" instead of "use", "playing" -> "plai" instead of "play",
 * "carefully" -> "carefulli" instead of "care"; see stemmer-comparison in porter-stemmer.test.ts), and
 * ROUGE with stemming must equal rouge-score.
 *
 * Input is expected lowercase (rouge-score lowercases before stemming).
 */

/** NLTK's table of irregular forms, checked before any rule. */
const irregularForms: ReadonlyMap<string, string> = new Map([
  ["sky", "sky"],
  ["skies", "sky"],
  ["dying", "die"],
  ["lying", "lie"],
  ["tying", "tie"],
  ["news", "news"],
  ["innings", "inning"],
  ["inning", "inning"],
  ["outings", "outing"],
  ["outing", "outing"],
  ["cannings", "canning"],
  ["canning", "canning"],
  ["howe", "howe"],
  ["proceed", "proceed"],
  ["exceed", "exceed"],
  ["succeed", "succeed"],
]);

function isVowelLetter(letter: string | undefined): boolean {
  return letter === "a" || letter === "e" || letter === "i" || letter === "o" || letter === "u";
}

/** Porter's consonant: not a, e, i, o, u, and not a y that follows a consonant. */
function isConsonant(word: string, index: number): boolean {
  const letter = word[index];
  if (isVowelLetter(letter)) return false;
  if (letter === "y") return index === 0 ? true : !isConsonant(word, index - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant transitions in [C](VC){m}[V]. */
function measure(stem: string): number {
  let count = 0;
  let previousVowel = false;
  for (let index = 0; index < stem.length; index++) {
    const consonant = isConsonant(stem, index);
    if (consonant && previousVowel) count++;
    previousVowel = !consonant;
  }
  return count;
}

function containsVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index++) if (!isConsonant(stem, index)) return true;
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  const length = word.length;
  return length >= 2 && word[length - 1] === word[length - 2] && isConsonant(word, length - 1);
}

/** *o: consonant-vowel-consonant, the last not w, x or y; NLTK also accepts a two-letter vowel-consonant word. */
function endsCvc(word: string): boolean {
  const length = word.length;
  if (length >= 3) {
    const last = word[length - 1];
    return isConsonant(word, length - 3) && !isConsonant(word, length - 2) && isConsonant(word, length - 1) && last !== "w" && last !== "x" && last !== "y";
  }
  return length === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

type Condition = (stem: string) => boolean;
type Rule = readonly [suffix: string, replacement: string, condition: Condition | undefined];

const positiveMeasure: Condition = (stem) => measure(stem) > 0;
const measureAboveOne: Condition = (stem) => measure(stem) > 1;

/** The first rule whose suffix the word ends with decides: applied if its condition holds, else nothing. */
function applyFirstRule(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === undefined || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

const step1aRules: readonly Rule[] = [
  ["sses", "ss", undefined],
  ["ies", "i", undefined],
  ["ss", "ss", undefined],
  ["s", "", undefined],
];

function step1a(word: string): string {
  // NLTK: "dies" -> "die" while "flies" -> "fli".
  if (word.length === 4 && word.endsWith("ies")) return `${word.slice(0, 1)}ie`;
  return applyFirstRule(word, step1aRules);
}

function step1b(word: string): string {
  // NLTK: "died" -> "die" while "spied" -> "spi".
  if (word.endsWith("ied")) return word.length === 4 ? `${word.slice(0, 1)}ie` : `${word.slice(0, -3)}i`;
  if (word.endsWith("eed")) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let stem: string;
  if (word.endsWith("ed") && containsVowel(word.slice(0, -2))) stem = word.slice(0, -2);
  else if (word.endsWith("ing") && containsVowel(word.slice(0, -3))) stem = word.slice(0, -3);
  else return word;
  if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) return `${stem}e`;
  if (endsDoubleConsonant(stem)) {
    const last = stem[stem.length - 1];
    return last === "l" || last === "s" || last === "z" ? stem : stem.slice(0, -1);
  }
  return measure(stem) === 1 && endsCvc(stem) ? `${stem}e` : stem;
}

function step1c(word: string): string {
  // NLTK: y -> i only after a consonant that is not the word's first letter ("happy" -> "happi",
  // "enjoy" stays, "cry" -> "cri").
  if (!word.endsWith("y")) return word;
  const stem = word.slice(0, -1);
  return stem.length > 1 && isConsonant(stem, stem.length - 1) ? `${stem}i` : word;
}

const step2Rules: readonly Rule[] = [
  ["ational", "ate", positiveMeasure],
  ["tional", "tion", positiveMeasure],
  ["enci", "ence", positiveMeasure],
  ["anci", "ance", positiveMeasure],
  ["izer", "ize", positiveMeasure],
  ["bli", "ble", positiveMeasure],
  ["alli", "al", positiveMeasure],
  ["entli", "ent", positiveMeasure],
  ["eli", "e", positiveMeasure],
  ["ousli", "ous", positiveMeasure],
  ["ization", "ize", positiveMeasure],
  ["ation", "ate", positiveMeasure],
  ["ator", "ate", positiveMeasure],
  ["alism", "al", positiveMeasure],
  ["iveness", "ive", positiveMeasure],
  ["fulness", "ful", positiveMeasure],
  ["ousness", "ous", positiveMeasure],
  ["aliti", "al", positiveMeasure],
  ["iviti", "ive", positiveMeasure],
  ["biliti", "ble", positiveMeasure],
  ["fulli", "ful", positiveMeasure],
  // The "l" stays with the stem for the measure, so "geologi" and "theologi" reduce like "philologi".
  ["logi", "log", (stem) => measure(`${stem}l`) > 0],
];

function step2(word: string): string {
  // NLTK applies ALLI -> AL first and, when it fires, runs step 2 again on the result.
  if (word.endsWith("alli") && measure(word.slice(0, -4)) > 0) return step2(`${word.slice(0, -4)}al`);
  return applyFirstRule(word, step2Rules);
}

const step3Rules: readonly Rule[] = [
  ["icate", "ic", positiveMeasure],
  ["ative", "", positiveMeasure],
  ["alize", "al", positiveMeasure],
  ["iciti", "ic", positiveMeasure],
  ["ical", "ic", positiveMeasure],
  ["ful", "", positiveMeasure],
  ["ness", "", positiveMeasure],
];

const step4Rules: readonly Rule[] = [
  ["al", "", measureAboveOne],
  ["ance", "", measureAboveOne],
  ["ence", "", measureAboveOne],
  ["er", "", measureAboveOne],
  ["ic", "", measureAboveOne],
  ["able", "", measureAboveOne],
  ["ible", "", measureAboveOne],
  ["ant", "", measureAboveOne],
  ["ement", "", measureAboveOne],
  ["ment", "", measureAboveOne],
  ["ent", "", measureAboveOne],
  ["ion", "", (stem) => measure(stem) > 1 && (stem.endsWith("s") || stem.endsWith("t"))],
  ["ou", "", measureAboveOne],
  ["ism", "", measureAboveOne],
  ["ate", "", measureAboveOne],
  ["iti", "", measureAboveOne],
  ["ous", "", measureAboveOne],
  ["ive", "", measureAboveOne],
  ["ize", "", measureAboveOne],
];

function step5a(word: string): string {
  if (!word.endsWith("e")) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  return m > 1 || (m === 1 && !endsCvc(stem)) ? stem : word;
}

function step5b(word: string): string {
  return word.endsWith("ll") && measure(word.slice(0, -1)) > 1 ? word.slice(0, -1) : word;
}

/** The stem of a lowercase word, as `nltk.stem.porter.PorterStemmer().stem(word)`. */
export function porterStem(word: string): string {
  const irregular = irregularForms.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return word;
  return step5b(step5a(applyFirstRule(applyFirstRule(step2(step1c(step1b(step1a(word)))), step3Rules), step4Rules)));
}
