import { formatInterval, formatPercent, formatUsd } from "../format.js";
import { renderAxis } from "./axis.js";
import { type Scale, decadeDomain, linearScale, logScale, niceDomain, spansDecades } from "./scale.js";
import { estimateTextWidth, shortenLabel, svgDocument, svgElement } from "./svg-element.js";

export interface QualityCostPoint {
  label: string;
  /** Cost per 1k requests, USD; null (no price) or 0 puts the point on the free/local lane. */
  cost: number | null;
  /** Pass rate in [0,1] and its 95% interval. */
  rate: number | null;
  low: number | null;
  high: number | null;
  color: string;
  simulated: boolean;
}

export interface QualityCostChartOptions {
  id: string;
  points: readonly QualityCostPoint[];
  width?: number;
  height?: number;
}

const margin = { top: 20, right: 28, bottom: 58, left: 64 };
const laneWidth = 96;
const laneGap = 18;
const labelLength = 24;

function pointLabel(point: QualityCostPoint): string {
  return `${shortenLabel(point.label, labelLength)}${point.simulated ? " (sim)" : ""}`;
}

/** Axis ticks drop zero cents: `$100`, not `$100.00`. */
function formatCostTick(value: number): string {
  return formatUsd(value).replace(/\.00$/, "");
}

function costScale(costs: readonly number[], range: readonly [number, number]): Scale {
  // A log axis once prices span more than two decades, or the cheap candidates all sit on zero.
  if (spansDecades(costs, 2)) {
    return logScale(decadeDomain(Math.min(...costs), Math.max(...costs)), range);
  }
  const [, high] = niceDomain(0, Math.max(...costs) * 1.08);
  return linearScale([0, high], range);
}

/** Placement of point labels: to the right unless that leaves the plot, pushed apart vertically. */
function labelPositions(points: readonly { x: number; y: number; text: string }[], right: number): { x: number; y: number; anchor: "start" | "end" }[] {
  const placed = points.map((point) => {
    const toLeft = point.x + 9 + estimateTextWidth(point.text) > right;
    return { x: toLeft ? point.x - 9 : point.x + 9, y: point.y + 4, anchor: toLeft ? ("end" as const) : ("start" as const) };
  });
  const order = placed.map((_, index) => index).sort((a, b) => (placed[a]?.y ?? 0) - (placed[b]?.y ?? 0));
  let previous = Number.NEGATIVE_INFINITY;
  for (const index of order) {
    const label = placed[index];
    if (!label) continue;
    if (label.y < previous + 13) label.y = previous + 13;
    previous = label.y;
  }
  return placed;
}

function pointMarkup(options: { point: QualityCostPoint; x: number; y: Scale; tooltip: string }): string {
  const { point, x, y } = options;
  const rate = point.rate ?? 0;
  const parts = [svgElement("title", {}, { text: options.tooltip })];
  if (point.low !== null && point.high !== null) {
    const top = y.map(point.high);
    const bottom = y.map(point.low);
    parts.push(svgElement("line", { class: "interval", stroke: point.color, x1: x, x2: x, y1: top, y2: bottom }));
    parts.push(svgElement("line", { class: "interval", stroke: point.color, x1: x - 4, x2: x + 4, y1: top, y2: top }));
    parts.push(svgElement("line", { class: "interval", stroke: point.color, x1: x - 4, x2: x + 4, y1: bottom, y2: bottom }));
  }
  parts.push(
    svgElement("circle", {
      class: point.simulated ? "marker simulated" : "marker",
      cx: x,
      cy: y.map(rate),
      r: 5.5,
      fill: point.simulated ? "none" : point.color,
      stroke: point.color,
    }),
  );
  return svgElement("g", { class: "point" }, { children: parts });
}

/** Pass rate (with 95% interval bars) against cost per 1k requests, one labelled point per candidate. */
export function renderQualityCostChart(options: QualityCostChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const points = options.points.filter((point) => point.rate !== null);
  const free = points.filter((point) => point.cost === null || point.cost <= 0);
  const priced = points.filter((point) => point.cost !== null && point.cost > 0);
  const plotBottom = height - margin.bottom;
  const plotRight = width - margin.right;
  const mainLeft = margin.left + (free.length > 0 ? laneWidth + laneGap : 0);
  const y = linearScale([0, 1], [plotBottom, margin.top]);
  const parts: string[] = [renderAxis({ scale: y, orientation: "left", position: margin.left, gridLength: plotRight - margin.left, format: (value) => formatPercent(value).replace(".0%", "%"), label: "Pass rate" })];

  const located: { point: QualityCostPoint; x: number }[] = [];
  if (free.length > 0) {
    const laneRight = margin.left + laneWidth;
    parts.push(svgElement("rect", { class: "lane", x: margin.left, y: margin.top, width: laneWidth, height: plotBottom - margin.top }));
    parts.push(svgElement("line", { class: "lane-edge", x1: laneRight + laneGap / 2, x2: laneRight + laneGap / 2, y1: margin.top, y2: plotBottom }));
    parts.push(svgElement("text", { class: "axis-title", x: margin.left + laneWidth / 2, y: plotBottom + 16, "text-anchor": "middle" }, { text: "free / local" }));
    free.forEach((point, index) => located.push({ point, x: margin.left + (laneWidth * (index + 1)) / (free.length + 1) }));
  }
  const description: string[] = [];
  if (priced.length > 0) {
    const x = costScale(priced.map((point) => point.cost ?? 0), [mainLeft, plotRight]);
    const scaleNote = x.kind === "log" ? ", log scale" : "";
    parts.push(renderAxis({ scale: x, orientation: "bottom", position: plotBottom, gridLength: 0, format: formatCostTick, label: `Cost per 1k requests (USD${scaleNote})` }));
    for (const point of priced) located.push({ point, x: x.map(point.cost ?? 0) });
    description.push(`Cost axis${scaleNote || ", linear scale"}.`);
  } else {
    parts.push(svgElement("text", { class: "note", x: (mainLeft + plotRight) / 2, y: (margin.top + plotBottom) / 2, "text-anchor": "middle" }, { text: "No candidate has a price" }));
  }
  const labels = labelPositions(
    located.map(({ point, x }) => ({ x, y: y.map(point.rate ?? 0), text: pointLabel(point) })),
    plotRight,
  );
  located.forEach(({ point, x }, index) => {
    const cost = point.cost === null ? "no price" : `${formatUsd(point.cost)} per 1k requests`;
    const tooltip = `${point.label}${point.simulated ? " (simulated)" : ""}: pass rate ${formatPercent(point.rate)} ${formatInterval(point.low, point.high, formatPercent)}, ${cost}`;
    description.push(`${tooltip}.`);
    parts.push(pointMarkup({ point, x, y, tooltip }));
    const label = labels[index];
    if (label) {
      parts.push(svgElement("text", { class: "point-label", x: label.x, y: label.y, "text-anchor": label.anchor }, { text: pointLabel(point) }));
    }
  });
  const missing = options.points.length - points.length;
  if (missing > 0) description.push(`${missing} candidate(s) without a pass rate are not shown.`);
  return svgDocument({
    id: options.id,
    width,
    height,
    title: "Quality against cost: pass rate with 95% interval by cost per 1k requests",
    description: description.join(" "),
    children: parts,
  });
}
