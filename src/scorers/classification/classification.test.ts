import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createClassificationScorer, noLabel } from "./classification.js";
import { classificationReport } from "./classification-report.js";

function scorer(overrides: Partial<ScorerConfigOf<"classification">> = {}) {
  return createClassificationScorer({ type: "classification", extract: "normalized", weight: 1, ...overrides }, factoryOptions("sentiment"));
}

describe("createClassificationScorer", () => {
  it("scores 1 when the normalised output equals the expected label, recording both", async () => {
    const outcome = await scorer().score(scoreInput("**Positive**", "positive"));
    expect(outcome).toMatchObject({ score: 1, label: "positive", expectedLabel: "positive" });
    expect(outcome.reason).toContain('"positive"');
  });

  it("scores 0 otherwise and says what it saw and wanted", async () => {
    const outcome = await scorer().score(scoreInput("negative", "positive"));
    expect(outcome).toMatchObject({ score: 0, label: "negative", expectedLabel: "positive" });
    expect(outcome.reason).toBe('predicted "negative", expected "positive"');
  });

  it("normalises the expected label onto the label set too", async () => {
    const labelled = scorer({ labels: ["Positive", "Negative"] });
    expect(await labelled.score(scoreInput("I'd call this positive.", " positive "))).toMatchObject({ score: 1, label: "Positive", expectedLabel: "Positive" });
  });

  it("exact compares trimmed text only", async () => {
    const exact = scorer({ extract: "exact" });
    expect((await exact.score(scoreInput("Positive\n", "Positive"))).score).toBe(1);
    expect(await exact.score(scoreInput("positive", "Positive"))).toMatchObject({ score: 0, label: "positive", expectedLabel: "Positive" });
  });

  it("records (none) when the output holds no label", async () => {
    const regex = scorer({ extract: "regex", pattern: "Label: (\\w+)" });
    const outcome = await regex.score(scoreInput("I cannot decide.", "spam"));
    expect(outcome).toMatchObject({ score: 0, label: noLabel, expectedLabel: "spam" });
    expect(outcome.reason).toBe('predicted no label, expected "spam"');
  });

  it("reads a JSON field", async () => {
    const json = scorer({ extract: "json-field", field: "category" });
    expect(await json.score(scoreInput('```json\n{"category": "Billing"}\n```', "billing"))).toMatchObject({ score: 1, label: "billing" });
  });

  it("accepts any of several expected labels and reports the one matched", async () => {
    expect(await scorer().score(scoreInput("neutral", ["mixed", "neutral"]))).toMatchObject({ score: 1, expectedLabel: "neutral" });
  });

  it("uses the value template when set", async () => {
    const templated = scorer({ value: "{{ gold }}" });
    expect((await templated.score(scoreInput("Yes", undefined, { gold: "yes" }))).score).toBe(1);
  });

  it("defaults to a threshold of 1", () => {
    expect(scorer().threshold).toBe(1);
  });

  it("a missing pattern is a config error naming the scorer and field", () => {
    let thrown: unknown;
    try {
      createClassificationScorer({ type: "classification", extract: "regex", weight: 1 }, factoryOptions("intent", { location: { file: "tuneops.yaml", field: "evals.a.scorers.0" } }));
    } catch (error) {
      thrown = error;
    }
    expect(isTuneopsError(thrown)).toBe(true);
    if (!isTuneopsError(thrown)) return;
    expect(thrown.code).toBe("config_invalid");
    expect(thrown.message).toContain('scorer "intent"');
    expect(thrown.location).toEqual({ file: "tuneops.yaml", field: "evals.a.scorers.0.pattern" });
  });

  it("its outcomes feed the classification report", async () => {
    const labelled = scorer({ labels: ["spam", "ham"] });
    const cases: [string, string][] = [
      ["Spam", "spam"],
      ["ham.", "ham"],
      ["**SPAM**", "ham"],
      ["no idea", "spam"],
    ];
    const outcomes = await Promise.all(cases.map(([output, expected]) => labelled.score(scoreInput(output, expected))));
    const report = classificationReport(
      outcomes.map((outcome) => ({ expected: outcome.expectedLabel as string, predicted: outcome.label as string })),
      ["spam", "ham"],
    );
    expect(report.confusion).toEqual([
      [1, 0, 1],
      [1, 1, 0],
    ]);
    expect(report.accuracy).toBe(0.5);
  });
});
