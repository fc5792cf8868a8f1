import { describe, expect, it } from "vitest";
import { scorerSchema } from "../../config/project-schema.js";
import { toScoreRecord } from "../run-scorer.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createPiiScorer, describePii, detectPii, maskPii } from "./pii.js";

describe("createPiiScorer", () => {
  const scorer = createPiiScorer({ type: "pii", weight: 1 }, factoryOptions("pii"));

  it("scores 1 with label none when nothing is found", async () => {
    const outcome = await scorer.score(scoreInput("The capital of France is Paris."));
    expect(outcome).toEqual({ score: 1, label: "none" });
    expect(toScoreRecord(scorer, outcome).pass).toBe(true);
  });

  it("scores 0, labels the first type by position and counts types without the raw values", async () => {
    const text = "Call +44 20 7946 0958 or mail jane@example.com and bob@example.org";
    const outcome = await scorer.score(scoreInput(text));
    expect(outcome.score).toBe(0);
    expect(outcome.label).toBe("phone");
    expect(outcome.reason).toContain("phone ×1");
    expect(outcome.reason).toContain("email ×2");
    for (const match of detectPii(text)) expect(outcome.reason).not.toContain(match.text);
    expect(toScoreRecord(scorer, outcome).pass).toBe(false);
  });

  it("looks only for the configured entities", async () => {
    const cardsOnly = createPiiScorer({ type: "pii", weight: 1, entities: ["credit-card"] }, factoryOptions("cards"));
    expect(await cardsOnly.score(scoreInput("mail jane@example.com"))).toEqual({ score: 1, label: "none" });
    expect(await cardsOnly.score(scoreInput("card 4111 1111 1111 1111"))).toMatchObject({ score: 0, label: "credit-card" });
  });

  it("takes a config as the project schema parses it", async () => {
    const config = scorerSchema.parse({ type: "pii", entities: ["us-ssn"] });
    if (config.type !== "pii") throw new Error("expected a pii config");
    const built = createPiiScorer(config, factoryOptions("pii"));
    expect(await built.score(scoreInput("SSN 123-45-6789"))).toMatchObject({ score: 0, label: "us-ssn" });
    expect(built.threshold).toBe(1);
  });
});

describe("maskPii and describePii", () => {
  it("keeps the first character and the length only", () => {
    expect(maskPii({ type: "email", start: 0, end: 16, text: "jane@example.com" })).toBe("j******** (16 chars)");
    expect(maskPii({ type: "us-ssn", start: 0, end: 2, text: "ab" })).toBe("a*** (2 chars)");
    expect(describePii(detectPii("a@b.io, 10.0.0.1, c@d.io"))).toBe("email ×2 (first at 0: a***** (6 chars)), ip-address ×1 (first at 8: 1******* (8 chars))");
  });
});
