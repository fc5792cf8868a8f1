import { describe, expect, it } from "vitest";
import { renderCostVolumeChart } from "./cost-volume-chart.js";
import { paretoFront, renderParetoChart } from "./pareto-chart.js";

describe("paretoFront", () => {
  it("keeps the options no other option beats on both cost and quality, cheapest first", () => {
    const points = [
      { id: "a", cost: 100, quality: 0.5 },
      { id: "b", cost: 200, quality: 0.9 },
      { id: "c", cost: 300, quality: 0.8 }, // beaten by b
      { id: "d", cost: 100, quality: 0.4 }, // beaten by a (same cost, worse)
      { id: "e", cost: 50, quality: 0.2 },
    ];
    expect(paretoFront(points).map((point) => point.id)).toEqual(["e", "a", "b"]);
  });
});

describe("decision charts", () => {
  it("draw every option, escape labels and mark break-evens inside the range", () => {
    const svg = renderCostVolumeChart({
      id: "c",
      volumes: [100, 1000, 10_000],
      series: [
        { label: "<b>a</b>", color: "#000", costs: [10, 100, 1000] },
        { label: "b", color: "#111", costs: [500, 500, 500] },
      ],
      markers: [
        { volume: 5000, cost: null, label: "a = b at 5,000" },
        { volume: 1e9, cost: null, label: "out of range" },
      ],
      current: 2000,
    });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain("&lt;b&gt;a&lt;/b&gt;");
    expect(svg).toContain("a = b at 5,000");
    expect(svg).not.toContain("out of range");
    const pareto = renderParetoChart({
      id: "p",
      qualityLabel: "pass_rate",
      points: [
        { label: "a", color: "#000", cost: 10, quality: 0.5, low: 0.4, high: 0.6 },
        { label: "b", color: "#111", cost: 20, quality: 0.9, low: 0.85, high: 0.95 },
      ],
    });
    expect(pareto).toContain('class="front"');
    expect(pareto).toContain("Pareto front: a, b.");
  });
});
