import { formatPercent, formatUsd } from "../format.js";
import { renderAxis } from "./axis.js";
import { decadeDomain, linearScale, logScale, niceDomain, spansDecades } from "./scale.js";
import { shortenLabel, svgDocument, svgElement } from "./svg-element.js";

export interface ParetoPoint {
  label: string;
  color: string;
  /** Monthly cost, USD. */
  cost: number;
  quality: number;
  low: number | null;
  high: number | null;
}

/** Points no other point beats on both counts (as cheap or cheaper and as good or better, better in one). */
export function paretoFront<T extends { cost: number; quality: number }>(points: readonly T[]): T[] {
  const front = points.filter((point) => !points.some((other) => other !== point && other.cost <= point.cost && other.quality >= point.quality && (other.cost < point.cost || other.quality > point.quality)));
  return [...front].sort((a, b) => a.cost - b.cost);
}

const margin = { top: 20, right: 30, bottom: 58, left: 64 };

/** Quality (with its 95% interval) against monthly cost, the Pareto front drawn through the efficient options. */
export function renderParetoChart(options: { id: string; points: readonly ParetoPoint[]; qualityLabel: string; width?: number; height?: number }): string {
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const right = width - margin.right;
  const bottom = height - margin.bottom;
  const costs = options.points.map((point) => point.cost);
  const positive = costs.filter((cost) => cost > 0);
  const useLog = positive.length === costs.length && spansDecades(costs, 2);
  const x = useLog ? logScale(decadeDomain(Math.min(...positive), Math.max(...positive)), [margin.left, right]) : linearScale(niceDomain(0, Math.max(...costs, 1) * 1.08), [margin.left, right]);
  const y = linearScale([0, 1], [bottom, margin.top]);
  const parts: string[] = [
    renderAxis({ scale: y, orientation: "left", position: margin.left, gridLength: right - margin.left, format: (value) => formatPercent(value).replace(".0%", "%"), label: options.qualityLabel }),
    renderAxis({ scale: x, orientation: "bottom", position: bottom, gridLength: 0, format: (value) => formatUsd(value).replace(/\.00$/, ""), label: `Monthly cost (USD${useLog ? ", log" : ""})` }),
  ];
  const front = paretoFront(options.points);
  if (front.length > 1) {
    parts.push(svgElement("polyline", { class: "front", points: front.map((point) => `${x.map(point.cost).toFixed(1)},${y.map(point.quality).toFixed(1)}`).join(" "), fill: "none", stroke: "currentColor", "stroke-width": 1.5, "stroke-dasharray": "5 3" }));
  }
  const description = [`Pareto front: ${front.map((point) => point.label).join(", ")}.`];
  for (const point of options.points) {
    const cx = x.map(point.cost);
    const tooltip = `${point.label}: ${formatPercent(point.quality)}, ${formatUsd(point.cost)} a month${front.includes(point) ? " (on the Pareto front)" : ""}`;
    const children = [svgElement("title", {}, { text: tooltip })];
    if (point.low !== null && point.high !== null) children.push(svgElement("line", { class: "interval", stroke: point.color, x1: cx, x2: cx, y1: y.map(point.high), y2: y.map(point.low) }));
    children.push(svgElement("circle", { class: "marker", cx, cy: y.map(point.quality), r: front.includes(point) ? 6.5 : 5, fill: point.color, stroke: point.color }));
    parts.push(svgElement("g", { class: "point" }, { children }));
    parts.push(svgElement("text", { class: "point-label", x: cx + 9, y: y.map(point.quality) + 4 }, { text: shortenLabel(point.label, 24) }));
    description.push(`${tooltip}.`);
  }
  return svgDocument({ id: options.id, width, height, title: "Quality against monthly cost, with the Pareto front", description: description.join(" "), children: parts });
}
