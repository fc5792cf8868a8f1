import fc from "fast-check";
import { stemmer } from "stemmer";
import { describe, expect, it } from "vitest";
import { porterStem } from "./porter-stemmer.js";

describe("Porter stemmer in NLTK's default mode (NLTK_EXTENSIONS)", () => {
  // The examples of Porter's paper as NLTK's docstrings list them, run through the whole algorithm.
  it.each([
    ["caresses", "caress"],
    ["ponies", "poni"],
    ["caress", "caress"],
    ["cats", "cat"],
    ["feed", "feed"],
    ["agreed", "agre"],
    ["plastered", "plaster"],
    ["bled", "bled"],
    ["motoring", "motor"],
    ["sing", "sing"],
    ["conflated", "conflat"],
    ["troubled", "troubl"],
    ["sized", "size"],
    ["hopping", "hop"],
    ["tanned", "tan"],
    ["falling", "fall"],
    ["hissing", "hiss"],
    ["fizzed", "fizz"],
    ["failing", "fail"],
    ["filing", "file"],
    ["happy", "happi"],
    ["relational", "relat"],
    ["conditional", "condit"],
    ["rational", "ration"],
    ["digitizer", "digit"],
    ["generalization", "gener"],
    ["oscillators", "oscil"],
    ["abilities", "abil"],
    ["generously", "gener"],
    ["adjustment", "adjust"],
    ["controlling", "control"],
    ["roll", "roll"],
  ])("%s -> %s", (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  // NLTK's own comments on its extensions (nltk/stem/porter.py) and its test_stem.py.
  it.each([
    ["flies", "fli"],
    ["dies", "die"],
    ["ties", "tie"],
    ["spied", "spi"],
    ["died", "die"],
    ["enjoy", "enjoy"],
    ["spy", "spi"],
    ["fly", "fli"],
    ["try", "tri"],
    ["oed", "o"],
    ["skies", "sky"],
    ["dying", "die"],
    ["lying", "lie"],
    ["news", "news"],
    ["innings", "inning"],
    ["proceed", "proceed"],
    ["geology", "geolog"],
    ["carefully", "care"],
    ["internationally", "intern"],
    ["on", "on"],
  ])("%s -> %s", (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});

describe("stemmer-comparison: the `stemmer` package (Martin Porter's revision) against NLTK's mode", () => {
  it("agrees on ordinary inflections", () => {
    const words = ["running", "runs", "jumped", "cats", "generalization", "relational", "conditional", "hopping", "motoring", "abilities", "oscillators", "agreed", "happy", "adjustment"];
    for (const word of words) expect(porterStem(word)).toBe(stemmer(word));
  });

  it("differs where NLTK extends the algorithm (why rouge.ts does not use the package)", () => {
    const differences: [word: string, nltk: string, stemmerPackage: string][] = [
      ["used", "use", "us"],
      ["ones", "one", "on"],
      ["eyes", "eye", "ey"],
      ["playing", "play", "plai"],
      ["enjoy", "enjoy", "enjoi"],
      ["crying", "cri", "cry"],
      ["dies", "die", "di"],
      ["carefully", "care", "carefulli"],
      ["internationally", "intern", "internation"],
      ["skies", "sky", "ski"],
      ["dying", "die", "dy"],
      ["news", "news", "new"],
    ];
    for (const [word, nltk, stemmerPackage] of differences) {
      expect(porterStem(word)).toBe(nltk);
      expect(stemmer(word)).toBe(stemmerPackage);
    }
  });
});

describe("stemmer properties", () => {
  it("never grows a word by more than one letter and is total on [a-z0-9]+", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,20}$/), (word) => {
        const stem = porterStem(word);
        expect(stem.length).toBeLessThanOrEqual(word.length + 1);
        expect(stem).toMatch(/^[a-z0-9]*$/);
      }),
    );
  });
});
