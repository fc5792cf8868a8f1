import { describe, expect, it } from "vitest";
import { censorTerm, findToxicTerms, hasToxicTerm } from "./toxicity-lexicon.js";

function terms(text: string): string[] {
  return findToxicTerms(text).map((term) => `${term.category}:${term.term}:${term.text}`);
}

describe("findToxicTerms", () => {
  it("finds profanity through leetspeak, repeated letters and accents", () => {
    expect(terms("you are a fuuuuck1ng idiot")).toEqual(["profanity:fuck:fuuuuck"]);
    expect(terms("sh1t happens")).toEqual(["profanity:shit:sh1t"]);
    expect(terms("fück")).toEqual(["profanity:fuck:fück"]);
  });

  it("keeps innocent words that contain a listed one", () => {
    for (const text of ["assassin classic", "Scunthorpe", "cocktail", "grape juice", "therapist", "the class assignment", "Essex", "a raccoon", "spicy food", "Pakistan", "San Diego"]) {
      expect(terms(text), text).toEqual([]);
    }
  });

  it("classes obscenity's identity slurs and ours as slurs", () => {
    expect(terms("what a retard")).toEqual(["slur:retard:retard"]);
    expect(terms("those spics")).toEqual(["slur:spic:spics"]);
    expect(terms("a towelhead")).toEqual(["slur:towelhead:towelhead"]);
  });

  it("finds threats, with their spelling variants", () => {
    expect(terms("go k1ll yourself")).toEqual(["threat:kill yourself:k1ll yourself"]);
    expect(terms("KYS now")).toEqual(["threat:kill yourself:KYS"]);
    expect(terms("I'll kill you")).toEqual(["threat:i will kill you:I'll kill you"]);
    expect(terms("I hope you die in a fire")).toEqual(["threat:hope you die:hope you die", "threat:hope you die:die in a fire"]);
    expect(terms("this will kill your battery, skill yourself up")).toEqual([]);
  });

  it("reports each place once, in order of position", () => {
    const found = findToxicTerms("shit, then fuck");
    expect(found.map((term) => [term.start, term.end])).toEqual([
      [0, 4],
      [11, 15],
    ]);
    expect(hasToxicTerm("shit")).toBe(true);
    expect(hasToxicTerm("The capital of France is Paris.")).toBe(false);
  });
});

describe("censorTerm", () => {
  it("keeps each word's first character", () => {
    expect(censorTerm("fuck")).toBe("f***");
    expect(censorTerm("kill yourself")).toBe("k*** y*******");
    expect(censorTerm("I'll kill you")).toBe("I*** k*** y**");
  });
});

describe("threat phrases at word boundaries", () => {
  it("does not fire inside longer words", () => {
    for (const text of ["this is going to kill your battery", "gonna kill youtube", "you should diet", "skill yourself up", "I hope you diet"]) {
      expect(terms(text), text).toEqual([]);
    }
  });
});
