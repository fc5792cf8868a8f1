import { describe, expect, it } from "vitest";
import { fixtureSummary } from "./__fixtures__/run-summary.fixture.js";
import { comparisonKind, comparisonVerdict, confusedPairs, flakyPreview, formatDifference, formatDifferenceInterval, formatPValue, labelRateText } from "./analysis-view.js";
import { formatMetricInterval, formatMetricValue, metricLabel } from "./summary-view.js";

const comparisons = fixtureSummary().comparisons ?? [];

describe("analysis views", () => {
  it("formats corpus metrics on their own scale and names them so", () => {
    const bleu = { name: "bleu", kind: "corpus" as const, ci_low: 45.1, ci_high: 51.94 };
    expect(metricLabel(bleu)).toBe("bleu (corpus)");
    expect(formatMetricValue(bleu, 48.534)).toBe("48.53");
    expect(formatMetricInterval(bleu)).toBe("[45.1, 51.9]");
    expect(formatMetricValue(bleu, null)).toBe("-");
    expect(metricLabel({ name: "exact_match", kind: "proportion" })).toBe("exact_match");
  });

  it("formats differences in the metric's unit", () => {
    expect(formatDifference("proportion", -0.2323)).toBe("-23.2 pp");
    expect(formatDifference("proportion", 0.041)).toBe("+4.1 pp");
    expect(formatDifference("corpus", -1.434)).toBe("-1.43");
    expect(formatDifference("mean", 0.0481)).toBe("+0.048");
    expect(formatDifference("mean", 0)).toBe("0.000");
    expect(formatDifference("mean", Number.NaN)).toBe("-");
    expect(formatDifferenceInterval("proportion", -0.3046, -0.16)).toBe("[-30.5, -16.0]");
    expect(formatDifferenceInterval("corpus", -4.9, 2.04)).toBe("[-4.90, 2.04]");
  });

  it("formats p-values", () => {
    expect(formatPValue(1.2e-9)).toBe("p < 0.001");
    expect(formatPValue(0.0086)).toBe("p = 0.009");
    expect(formatPValue(0.42)).toBe("p = 0.42");
    expect(formatPValue(1)).toBe("p = 1.00");
  });

  it("words each verdict, with the cases needed when tied", () => {
    expect(comparisons.map(comparisonVerdict)).toEqual([
      { text: "gpt-mini better", tone: "worse" },
      { text: "local-qwen better", tone: "better" },
      { text: "cannot tell apart with n = 198; about 2,310 cases needed", tone: "tie" },
    ]);
    const tie = comparisons[2];
    if (!tie) throw new Error("fixture has a tie");
    expect(comparisonVerdict({ ...tie, cases_needed: null }).text).toBe("cannot tell apart with n = 198");
  });

  it("reads a comparison's kind from the candidates' metrics, falling back on the test", () => {
    const summary = fixtureSummary();
    expect(comparisons.map((comparison) => comparisonKind(summary, comparison))).toEqual(["proportion", "mean", "corpus"]);
    const unknown = { ...comparisons[0], metric: "gone" } as (typeof comparisons)[number];
    expect(comparisonKind(summary, unknown)).toBe("proportion");
    expect(comparisonKind(summary, { ...unknown, test: "paired-t" })).toBe("mean");
  });

  it("finds the most confused pairs, most frequent first, skipping the diagonal", () => {
    const report = fixtureSummary().candidates[0]?.classification?.[0];
    if (!report) throw new Error("fixture has a classification report");
    const pairs = confusedPairs(report, 3);
    expect(pairs.map((pair) => [pair.expected, pair.predicted, pair.count])).toEqual([
      ["refund", "billing", 6],
      ["billing", "refund", 4],
      // Ties on count go to the larger share of the row: 2 of 43 before 2 of 60.
      ["account", "billing", 2],
    ]);
    expect(pairs[0]?.share).toBeCloseTo(6 / 48);
    expect(confusedPairs(report, 100).every((pair) => pair.expected !== pair.predicted && pair.count > 0)).toBe(true);
  });

  it("words label rates and previews flaky cases with the unlisted ones counted", () => {
    const candidate = fixtureSummary().candidates[1];
    const rate = candidate?.label_rates?.[0];
    const consistency = candidate?.consistency;
    if (!rate || !consistency) throw new Error("fixture has label rates and consistency");
    expect(labelRateText(rate)).toBe("toxicity: toxic 4.5% [2.4%, 8.3%] of 200");
    expect(flakyPreview(consistency, 3)).toEqual({ ids: ["t-001", "t-004", "t-007"], more: 57 });
    expect(flakyPreview({ ...consistency, flaky_cases: [], flaky_count: 0 }, 3)).toEqual({ ids: [], more: 0 });
  });
});
