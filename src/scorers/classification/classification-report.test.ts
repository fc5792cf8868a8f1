import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classificationReport, otherLabel, type LabelPair } from "./classification-report.js";

function pairs(expected: readonly (string | number)[], predicted: readonly (string | number)[]): LabelPair[] {
  return expected.map((label, index) => ({ expected: String(label), predicted: String(predicted[index]) }));
}

describe("classificationReport against scikit-learn's documented examples", () => {
  it("classification_report: y_true [0,1,2,2,2], y_pred [0,0,2,2,1]", () => {
    // https://scikit-learn.org/1.0/modules/generated/sklearn.metrics.classification_report.html
    // class 0: 0.50 1.00 0.67 (1); class 1: 0.00 0.00 0.00 (1); class 2: 1.00 0.67 0.80 (3);
    // accuracy 0.60; macro avg 0.50 0.56 0.49; weighted avg 0.70 0.60 0.61.
    const report = classificationReport(pairs([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]));
    expect(report.labels).toEqual(["0", "1", "2"]);
    const rounded = report.perClass.map((metrics) => [metrics.precision, metrics.recall, metrics.f1].map((value) => Number(value.toFixed(2))));
    expect(rounded).toEqual([
      [0.5, 1, 0.67],
      [0, 0, 0],
      [1, 0.67, 0.8],
    ]);
    expect(report.perClass.map((metrics) => metrics.support)).toEqual([1, 1, 3]);
    expect(report.accuracy).toBeCloseTo(0.6, 12);
    expect(report.macro.precision).toBeCloseTo(0.5, 12);
    expect(report.macro.recall).toBeCloseTo(5 / 9, 12); // (1 + 0 + 2/3) / 3 = 0.56
    expect(report.macro.f1).toBeCloseTo((2 / 3 + 0 + 0.8) / 3, 12); // 0.49
    expect(report.weightedF1).toBeCloseTo((2 / 3 + 0 + 3 * 0.8) / 5, 12); // 0.61
    expect(report.weightedF1.toFixed(2)).toBe("0.61");
    // Weighted precision 0.70 = (0.5 * 1 + 0 * 1 + 1 * 3) / 5, from the same per-class figures.
    expect(report.perClass.reduce((sum, metrics) => sum + metrics.precision * metrics.support, 0) / report.n).toBeCloseTo(0.7, 12);
  });

  it("f1_score: y_true [0,1,2,0,1,2], y_pred [0,2,1,0,0,1]", () => {
    // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.f1_score.html
    // average=None: [0.8, 0, 0]; macro 0.26666; micro 0.33333; weighted 0.26666.
    const report = classificationReport(pairs([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]));
    expect(report.perClass.map((metrics) => metrics.f1)).toEqual([0.8, 0, 0]);
    expect(report.macro.f1).toBeCloseTo(0.26666666666666666, 12);
    expect(report.micro.f1).toBeCloseTo(1 / 3, 12);
    expect(report.weightedF1).toBeCloseTo(0.26666666666666666, 12);
    // precision_score on the same data: macro 0.22, micro 0.33.
    expect(report.macro.precision).toBeCloseTo(2 / 9, 12);
    expect(report.micro.precision).toBeCloseTo(1 / 3, 12);
  });

  it("confusion_matrix: ant/bird/cat with labels in a chosen order", () => {
    // https://scikit-learn.org/0.21/modules/generated/sklearn.metrics.confusion_matrix.html
    const report = classificationReport(pairs(["cat", "ant", "cat", "cat", "ant", "bird"], ["ant", "ant", "cat", "cat", "ant", "cat"]), ["ant", "bird", "cat"]);
    expect(report.confusion).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    expect(report.predictedLabels).toEqual(["ant", "bird", "cat"]);
    const numeric = classificationReport(pairs([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]));
    expect(numeric.confusion).toEqual(report.confusion);
  });

  it("cohen_kappa_score: total disagreement on one class each is 0", () => {
    // cohen_kappa_score([1, 1, 1], [2, 2, 2]) == 0.0 (p_o = 0, p_e = 1 * 0 + 0 * 1 = 0).
    expect(classificationReport(pairs([1, 1, 1], [2, 2, 2])).kappa).toBe(0);
  });
});

describe("classificationReport by hand", () => {
  it("kappa of Cohen's two-rater yes/no table (20, 5 / 10, 15) is 0.4", () => {
    // p_o = 35/50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4.
    const data: LabelPair[] = [
      ...Array.from({ length: 20 }, () => ({ expected: "yes", predicted: "yes" })),
      ...Array.from({ length: 5 }, () => ({ expected: "yes", predicted: "no" })),
      ...Array.from({ length: 10 }, () => ({ expected: "no", predicted: "yes" })),
      ...Array.from({ length: 15 }, () => ({ expected: "no", predicted: "no" })),
    ];
    const report = classificationReport(data, ["yes", "no"]);
    expect(report.kappa).toBeCloseTo(0.4, 12);
    expect(report.confusion).toEqual([
      [20, 5],
      [10, 15],
    ]);
    expect(report.accuracy).toBeCloseTo(0.7, 12);
  });

  it("kappa of a three-class example: (0.8 - 0.32) / 0.68", () => {
    const report = classificationReport(
      pairs(["negative", "positive", "negative", "neutral", "positive"], ["negative", "positive", "neutral", "neutral", "positive"]),
    );
    expect(report.kappa).toBeCloseTo(0.48 / 0.68, 12);
  });

  it("predictions outside the label set go to (other): wrong, no class of their own", () => {
    const report = classificationReport(
      [
        { expected: "spam", predicted: "spam" },
        { expected: "spam", predicted: "(none)" },
        { expected: "ham", predicted: "ham" },
        { expected: "ham", predicted: "maybe" },
      ],
      ["spam", "ham"],
    );
    expect(report.labels).toEqual(["spam", "ham"]);
    expect(report.predictedLabels).toEqual(["spam", "ham", otherLabel]);
    expect(report.confusion).toEqual([
      [1, 0, 1],
      [0, 1, 1],
    ]);
    expect(report.accuracy).toBe(0.5);
    expect(report.perClass).toEqual([
      { label: "spam", precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
      { label: "ham", precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
    ]);
    // Micro over the classes (sklearn with labels=[spam, ham]): precision counts in-set predictions only.
    expect(report.micro).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3 });
    // (other) has no expected mass: p_e = 0.5 * 0.25 + 0.5 * 0.25 = 0.25; kappa = 0.25 / 0.75.
    expect(report.kappa).toBeCloseTo(1 / 3, 12);
  });

  it("adds expected labels missing from the given set after it, sorted", () => {
    const report = classificationReport(pairs(["b", "z", "a"], ["b", "z", "b"]), ["b"]);
    expect(report.labels).toEqual(["b", "a", "z"]);
    expect(report.perClass.map((metrics) => metrics.support)).toEqual([1, 1, 1]);
  });

  it("a never-predicted class has precision 0 (zero_division=0); a label never seen has support 0", () => {
    const report = classificationReport(pairs(["a", "b"], ["a", "a"]), ["a", "b", "c"]);
    const byLabel = Object.fromEntries(report.perClass.map((metrics) => [metrics.label, metrics]));
    expect(byLabel["b"]).toEqual({ label: "b", precision: 0, recall: 0, f1: 0, support: 1 });
    expect(byLabel["c"]).toEqual({ label: "c", precision: 0, recall: 0, f1: 0, support: 0 });
    expect(report.macro.f1).toBeCloseTo((2 / 3) / 3, 12);
  });

  it("kappa is null when undefined (one class only) and everything is 0 for no pairs", () => {
    expect(classificationReport(pairs(["a", "a"], ["a", "a"])).kappa).toBeNull();
    const empty = classificationReport([]);
    expect(empty).toMatchObject({ n: 0, accuracy: 0, labels: [], confusion: [], kappa: null, weightedF1: 0 });
  });
});

describe("classificationReport properties", () => {
  const label = fc.constantFrom("a", "b", "c", "d");
  const data = fc.array(fc.record({ expected: label, predicted: label }), { minLength: 1, maxLength: 60 });

  it("counts every pair once, micro F1 equals accuracy, and every figure lies in [0, 1]", () => {
    fc.assert(
      fc.property(data, (sample) => {
        const report = classificationReport(sample);
        const total = report.confusion.flat().reduce((sum, count) => sum + count, 0);
        expect(total).toBe(sample.length);
        expect(report.micro.f1).toBeCloseTo(report.accuracy, 12);
        for (const metrics of report.perClass) {
          for (const value of [metrics.precision, metrics.recall, metrics.f1]) expect(value >= 0 && value <= 1).toBe(true);
        }
        if (report.kappa !== null) expect(report.kappa <= 1 + 1e-12 && report.kappa >= -1 - 1e-12).toBe(true);
      }),
    );
  });

  it("kappa is symmetric in its two raters and 1 under perfect agreement", () => {
    fc.assert(
      fc.property(data, (sample) => {
        const swapped = sample.map((pair) => ({ expected: pair.predicted, predicted: pair.expected }));
        const a = classificationReport(sample).kappa;
        const b = classificationReport(swapped).kappa;
        if (a === null || b === null) expect(a).toBe(b);
        else expect(a).toBeCloseTo(b, 12);
        const perfect = classificationReport(sample.map((pair) => ({ expected: pair.expected, predicted: pair.expected })));
        if (perfect.kappa !== null) expect(perfect.kappa).toBeCloseTo(1, 12);
      }),
    );
  });
});
