import { describe, expect, it } from "vitest";
import { computeBoxStats } from "./box-stats.js";
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
});
