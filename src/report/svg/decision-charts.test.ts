import { describe, expect, it } from "vitest";
import { renderCostVolumeChart } from "./cost-volume-chart.js";
import { paretoFront, renderParetoChart } from "./pareto-chart.js";
import { estimateTextWidth } from "./svg-element.js";
import { spreadLabels } from "./spread-labels.js";

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The boxes the chart's labels (notes and end-of-line names) cover, from the SVG's own attributes. */
function labelBoxes(svg: string): Box[] {
  return [...svg.matchAll(/<text class="(?:note[^"]*|point-label)"([^>]*)>([^<]*)/g)].map((match) => {
    const attributes = match[1] ?? "";
    const text = match[2] ?? "";
    const number = (name: string): number => Number(new RegExp(` ${name}="([-\\d.]+)"`).exec(attributes)?.[1]);
    const x = number("x");
    const y = number("y");
    const width = estimateTextWidth(text.replace(/&[a-z]+;/g, "&"));
    if (attributes.includes("rotate(-90")) return { text, left: x - 10, right: x + 3, top: y - width, bottom: y };
    const anchor = /text-anchor="(\w+)"/.exec(attributes)?.[1] ?? "start";
    const left = anchor === "end" ? x - width : anchor === "middle" ? x - width / 2 : x;
    return { text, left, right: left + width, top: y - 10, bottom: y + 3 };
  });
}

function intersect(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

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

describe("spreadLabels", () => {
  it("keeps labels a gap apart, in range and in their order", () => {
    expect(spreadLabels([10, 11, 12], 14, 0, 100)).toEqual([10, 24, 38]);
    expect(spreadLabels([99, 98], 14, 0, 100)).toEqual([100, 86]);
    expect(spreadLabels([-50, 500], 14, 0, 100)).toEqual([0, 100]);
  });
});

describe("decision charts", () => {
  it("keep break-even, current-volume and line labels apart, and draw break-evens below the range at the left edge", () => {
    const svg = renderCostVolumeChart({
      id: "c",
      volumes: [100, 1000, 10_000, 100_000, 1_000_000],
      series: [
        { label: "option-with-a-long-name-one", color: "#000", costs: [10, 100, 1000, 10_000, 100_000] },
        { label: "option-two", color: "#111", costs: [20, 110, 1010, 10_010, 100_010] },
        { label: "option-three", color: "#222", costs: [30, 120, 1020, 10_020, 100_020] },
      ],
      markers: [
        { volume: 5000, cost: null, label: "option-with-a-long-name-one = option-two at 5,000" },
        { volume: 5100, cost: null, label: "option-two = option-three at 5,100" },
        { volume: 5200, cost: 52, label: "option-with-a-long-name-one = option-three at 5,200" },
        { volume: 12, cost: null, label: "option-two = option-four at 12" },
      ],
      current: 900_000,
    });
    const boxes = labelBoxes(svg);
    expect(boxes.length).toBe(3 + 4 + 1);
    for (const [index, box] of boxes.entries()) {
      for (const other of boxes.slice(index + 1)) expect(intersect(box, other), `${box.text} overlaps ${other.text}`).toBe(false);
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.bottom).toBeLessThanOrEqual(420);
    }
    const below = boxes.find((box) => box.text.includes("at 12"));
    expect(below?.text).toBe("◀ option-two = option-four at 12");
    expect(below?.left).toBeLessThan(78 + 20);
    expect(svg).toContain("option-two = option-four at 12 (below the chart&#39;s range).");
    expect(boxes.find((box) => box.text.endsWith("option-three at 5,200"))).toBeDefined();
  });

  it("draw every option, escape labels and mark break-evens, those past the range at its edge", () => {
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
    expect(svg).toContain(">▶ out of range<title>out of range (above the chart&#39;s range)</title>");
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
