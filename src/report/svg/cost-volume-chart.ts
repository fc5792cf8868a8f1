import { formatUsd } from "../format.js";
import { renderAxis } from "./axis.js";
import { decadeDomain, logScale } from "./scale.js";
import { estimateTextWidth, shortenLabel, svgDocument, svgElement } from "./svg-element.js";
import { spreadLabels } from "./spread-labels.js";

export interface CostVolumeSeries {
  label: string;
  color: string;
  /** Monthly cost at each of the chart's volumes, USD. */
  costs: readonly number[];
}

export interface CostVolumeChartOptions {
  id: string;
  /** Requests a month, increasing and positive. */
  volumes: readonly number[];
  series: readonly CostVolumeSeries[];
  /** Break-even volumes to mark, each with the cost at which the two lines meet (or null to mark the volume only). */
  markers: readonly { volume: number; cost: number | null; label: string }[];
  /** The use case's volume, drawn as a reference line. */
  current: number;
  width?: number;
  height?: number;
}

const margin = { top: 20, right: 150, bottom: 58, left: 78 };
/** Line height of the charts' 12px labels: two labels closer than this overlap. */
const labelGap = 14;

/** Compact money ticks: $1, $100, $10k, $1M. */
function formatMoneyTick(value: number): string {
  if (value >= 1e6) return `$${Number((value / 1e6).toPrecision(3))}M`;
  if (value >= 1e3) return `$${Number((value / 1e3).toPrecision(3))}k`;
  return formatUsd(value).replace(/\.00$/, "");
}

function formatVolume(value: number): string {
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (value >= 1e3) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(Number(value.toPrecision(3)));
}

/** Monthly total cost against monthly volume (log-log), one line per option, break-even points marked. */
export function renderCostVolumeChart(options: CostVolumeChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 420;
  const right = width - margin.right;
  const bottom = height - margin.bottom;
  const volumes = options.volumes;
  const allCosts = options.series.flatMap((series) => series.costs.filter((cost) => cost > 0));
  const first = volumes[0] ?? 1;
  const last = volumes[volumes.length - 1] ?? 10;
  const x = logScale(decadeDomain(first, last), [margin.left, right]);
  const y = logScale(decadeDomain(Math.min(...allCosts, 1), Math.max(...allCosts, 10)), [bottom, margin.top]);
  const parts: string[] = [
    renderAxis({ scale: y, orientation: "left", position: margin.left, gridLength: right - margin.left, format: formatMoneyTick, label: "Monthly cost (USD, log)" }),
    renderAxis({ scale: x, orientation: "bottom", position: bottom, gridLength: 0, format: formatVolume, label: "Requests a month (log)" }),
  ];
  const inDomain = (volume: number): boolean => volume >= x.domain[0] && volume <= x.domain[1];
  if (inDomain(options.current)) {
    const at = x.map(options.current);
    parts.push(svgElement("line", { class: "grid", x1: at, x2: at, y1: margin.top, y2: bottom, "stroke-dasharray": "6 3" }));
    const now = `now: ${formatVolume(options.current)}`;
    // Left of the line when it would run into the end-of-line labels.
    const fits = at + 4 + estimateTextWidth(now) <= right;
    parts.push(svgElement("text", { class: "note", x: fits ? at + 4 : at - 4, y: margin.top + 12, "text-anchor": fits ? "start" : "end" }, { text: now }));
  }
  const description: string[] = [];
  // End-of-line labels, pushed apart so that converging lines keep readable names.
  const labelYs = spreadLabels(
    options.series.map((series) => y.map(Math.max(series.costs[series.costs.length - 1] ?? 0, y.domain[0])) + 4),
    labelGap,
    margin.top + 4,
    height - 4,
  );
  options.series.forEach((series, index) => {
    const points = volumes.map((volume, at) => `${x.map(volume).toFixed(1)},${y.map(Math.max(series.costs[at] ?? 0, y.domain[0])).toFixed(1)}`);
    parts.push(svgElement("polyline", { points: points.join(" "), fill: "none", stroke: series.color, "stroke-width": 2 }, { children: [svgElement("title", {}, { text: series.label })] }));
    const lastCost = series.costs[series.costs.length - 1] ?? 0;
    const labelY = labelYs[index] ?? bottom;
    parts.push(svgElement("text", { class: "point-label", x: right + 6, y: labelY, style: `fill:${series.color}` }, { text: shortenLabel(series.label, 20) }));
    description.push(`${series.label}: ${formatUsd(series.costs[0] ?? 0)} a month at ${formatVolume(first)} requests, ${formatUsd(lastCost)} at ${formatVolume(last)}.`);
  });
  // Break-evens outside the plotted volumes are drawn at the edge they lie beyond, their value in the label.
  const markers = options.markers.map((marker) => {
    const side = marker.volume < x.domain[0] ? "below" : marker.volume > x.domain[1] ? "above" : "inside";
    const at = side === "below" ? margin.left : side === "above" ? right : x.map(marker.volume);
    const label = side === "inside" ? marker.label : `${side === "below" ? "◀" : "▶"} ${marker.label}`;
    const title = side === "inside" ? marker.label : `${marker.label} (${side} the chart's range)`;
    return { ...marker, side, at, label, title };
  });
  // Vertical labels read upwards from the bottom; they stop short of the "now" note at the top.
  const labelLength = Math.max(8, Math.floor((bottom - 6 - (margin.top + 18)) / 6.8));
  const labelXs = spreadLabels(markers.map((marker) => marker.at + 3), labelGap, margin.left + 12, right);
  markers.forEach((marker, index) => {
    const { at } = marker;
    const labelX = labelXs[index] ?? at + 3;
    parts.push(svgElement("line", { class: marker.side === "inside" ? "grid" : "grid outside", x1: at, x2: at, y1: margin.top, y2: bottom }));
    // Cut from the front: the volume at the end is what the line marks.
    const characters = [...marker.label];
    const text = characters.length <= labelLength ? marker.label : `${marker.side === "inside" ? "" : characters[0] ?? ""}…${characters.slice(characters.length - labelLength + 2).join("")}`;
    parts.push(svgElement("text", { class: "note break-even", x: labelX, y: bottom - 6, transform: `rotate(-90 ${labelX} ${bottom - 6})` }, { children: [svgElement("title", {}, { text: marker.title })], text }));
    if (marker.side === "inside" && marker.cost !== null && marker.cost > 0) {
      parts.push(svgElement("circle", { class: "marker", cx: at, cy: y.map(marker.cost), r: 5, fill: "none", stroke: "currentColor" }, { children: [svgElement("title", {}, { text: marker.title })] }));
    }
    description.push(`${marker.title}.`);
  });
  return svgDocument({ id: options.id, width, height, title: "Monthly cost against volume, with break-even points", description: description.join(" "), children: parts });
}
