import { describe, expect, it } from "vitest";
import { computeBoxStats } from "./box-stats.js";
import { renderConfusionMatrixChart } from "./confusion-matrix-chart.js";
import { renderForestPlot } from "./forest-plot.js";
import { renderIntervalBarChart } from "./interval-bar-chart.js";
import { renderLatencyBoxChart } from "./latency-box-chart.js";
import { renderQualityCostChart } from "./quality-cost-chart.js";

const point = { rate: 0.8, low: 0.7, high: 0.9, color: "#000", simulated: false };

describe("quality against cost chart", () => {
  it("uses a linear axis for close prices and no free lane when every candidate is priced", () => {
    const svg = renderQualityCostChart({ id: "q", points: [{ ...point, label: "a", cost: 0.5 }, { ...point, label: "b", cost: 2 }] });
    expect(svg).toContain("Cost per 1k requests (USD)");
    expect(svg).not.toContain("free / local");
    expect(svg).toContain(">$0</text>");
  });

  it("switches to a log axis past two decades and puts unpriced and free candidates on the lane", () => {
    const svg = renderQualityCostChart({
      id: "q",
      points: [
        { ...point, label: "cheap", cost: 0.01 },
        { ...point, label: "dear", cost: 50 },
        { ...point, label: "local", cost: null },
        { ...point, label: "free", cost: 0 },
      ],
    });
    expect(svg).toContain("USD, log scale");
    expect(svg).toContain(">free / local</text>");
    expect(svg).toContain("local: pass rate 80.0% [70.0%, 90.0%], no price");
    expect(svg).toContain("free: pass rate 80.0% [70.0%, 90.0%], $0 per 1k requests");
  });

  it("says so when nothing is priced", () => {
    expect(renderQualityCostChart({ id: "q", points: [{ ...point, label: "x", cost: null }] })).toContain("No candidate has a price");
  });
});

describe("latency box chart", () => {
  it("uses a linear axis for latencies within a decade, with a box per sampled candidate", () => {
    const svg = renderLatencyBoxChart({
      id: "l",
      rows: [
        { label: "a", stats: computeBoxStats([100, 200, 300, 400]), p50: 250, p99: 400, color: "#000", simulated: false },
        { label: "b", stats: null, p50: 300, p99: null, color: "#111", simulated: true },
      ],
    });
    expect(svg).toContain("linear scale");
    expect((svg.match(/<rect class="box/g) ?? []).length).toBe(1);
    expect(svg).toContain("b: median 300 ms (no sample)");
    expect(svg).toContain(">b (sim)</text>");
  });
});

describe("interval bar chart", () => {
  it("spans [0,1] for rates and follows the data for means", () => {
    const rate = renderIntervalBarChart({ id: "r", metric: "exact", kind: "proportion", bars: [{ label: "a", mean: 0.4, low: 0.3, high: 0.5, color: "#000", simulated: false }] });
    expect(rate).toContain(">100%</text>");
    const mean = renderIntervalBarChart({ id: "m", metric: "bleu", kind: "mean", bars: [{ label: "a", mean: 27.3, low: 25, high: 29.6, color: "#000", simulated: false }] });
    expect(mean).toContain(">30</text>");
    expect(mean).toContain("bleu: mean with 95% interval per candidate</title>");
  });

  it("draws a corpus score on an axis of its own from zero to its data, not on the rate axis", () => {
    const svg = renderIntervalBarChart({ id: "c", metric: "bleu", kind: "corpus", bars: [{ label: "a", mean: 48.53, low: 45.1, high: 51.9, color: "#000", simulated: false }] });
    expect(svg).toContain("bleu: corpus score with 95% bootstrap interval per candidate</title>");
    expect(svg).toContain(">0</text>");
    expect(svg).toContain(">60</text>");
    expect(svg).not.toContain(">100%</text>");
    expect(svg).toContain("corpus score (its own scale)");
    expect(svg).toContain("a: 48.53 [45.10, 51.90]");
  });

  it("takes a title and a zoomed domain", () => {
    const svg = renderIntervalBarChart({ id: "z", metric: "toxic", kind: "proportion", domain: [0, 0.1], title: "toxic rate", bars: [{ label: "a", mean: 0.02, low: 0.01, high: 0.04, color: "#000", simulated: false }] });
    expect(svg).toContain(">toxic rate</title>");
    expect(svg).toContain(">10%</text>");
    expect(svg).not.toContain(">100%</text>");
  });
});

describe("forest plot", () => {
  const rows = [
    { compared: "b", reference: "a", difference: 0.05, low: 0.01, high: 0.09, tone: "better" as const, tooltip: "b better" },
    { compared: "c", reference: "a", difference: -0.3, low: -0.38, high: -0.22, tone: "worse" as const, tooltip: "a better" },
    { compared: "d", reference: "a", difference: 0.01, low: -0.04, high: 0.06, tone: "tie" as const, tooltip: "tie" },
  ];

  it("centres zero on a symmetric axis and colours intervals by verdict", () => {
    const svg = renderForestPlot({ id: "f", metric: "pass_rate", rows, format: (value) => String(Math.round(value * 100)), axisLabel: "pp" });
    expect(svg).toContain("pass_rate: difference with 95% interval per comparison</title>");
    expect(svg).toContain(">-40</text>");
    expect(svg).toContain(">40</text>");
    const zero = /<line class="zero" x1="([\d.]+)"/.exec(svg)?.[1];
    const axis = /<line class="axis-line" x1="([\d.]+)" x2="([\d.]+)"/.exec(svg);
    expect(Number(zero)).toBeCloseTo((Number(axis?.[1]) + Number(axis?.[2])) / 2, 1);
    for (const tone of ["better", "worse", "tie"]) expect(svg).toContain(`<path class="interval ${tone}"`);
    expect((svg.match(/<path class="estimate/g) ?? []).length).toBe(3);
    expect(svg).toContain("<title>tie</title>");
  });
});

describe("confusion matrix chart", () => {
  it("draws one cell per expected x predicted pair with its count, shaded by its share of the row", () => {
    const svg = renderConfusionMatrixChart({ id: "m", subject: "intent", rowLabels: ["x", "y"], columnLabels: ["x", "y", "(other)"], matrix: [[3, 1, 0], [0, 4, 4]] });
    expect((svg.match(/<rect class="cell/g) ?? []).length).toBe(6);
    expect(svg).toContain("<title>expected y, predicted (other): 4 of 8 (50.0% of the row)</title>");
    // 3 of 4 on the diagonal: 0.08 + 0.92 * 0.75 = 0.77; counts above half the row are white.
    expect(svg).toMatch(/fill="#4e79a7" fill-opacity="0.77"\/><text class="count on-dark"[^>]*>3</);
    expect(svg).toMatch(/fill="#e15759" fill-opacity="0.54"\/><text class="count"[^>]*>4</);
    expect(svg).toContain("7 of 12 on the diagonal (58.3%)");
    expect(svg).toContain('width="40" height="40"');
  });

  it("shrinks cells as labels grow and survives an empty row", () => {
    const labels = Array.from({ length: 30 }, (_, index) => `l${index}`);
    const svg = renderConfusionMatrixChart({ id: "m", subject: "s", rowLabels: labels, columnLabels: labels, matrix: labels.map(() => labels.map(() => 0)) });
    expect(svg).toContain('width="18" height="18"');
    expect(svg).not.toContain("on the diagonal");
    expect(svg).not.toContain("NaN");
  });
});
