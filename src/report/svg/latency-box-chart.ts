import { formatMs, formatPlain } from "../format.js";
import { renderAxis } from "./axis.js";
import type { BoxStats } from "./box-stats.js";
import { type Scale, decadeDomain, linearScale, logScale, niceDomain, spansDecades } from "./scale.js";
import { estimateTextWidth, shortenLabel, svgDocument, svgElement } from "./svg-element.js";

export interface LatencyBoxRow {
  label: string;
  /** From the candidate's latency sample; null when it has none. */
  stats: BoxStats | null;
  /** p50 and p99 over all requests (the summary's figures), drawn when there is no sample / as the p99 marker. */
  p50: number | null;
  p99: number | null;
  color: string;
  simulated: boolean;
}

export interface LatencyBoxChartOptions {
  id: string;
  rows: readonly LatencyBoxRow[];
  width?: number;
}

const rowHeight = 30;
const margin = { top: 12, right: 28, bottom: 50 };
const labelLength = 26;

/** Axis ticks are round numbers: `100 ms`, `1 s`, `10 s`, not `1.00 s`. */
function formatLatencyTick(value: number): string {
  return value < 1000 ? `${formatPlain(value)} ms` : `${formatPlain(value / 1000)} s`;
}

function latencyScale(values: readonly number[], range: readonly [number, number]): Scale {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  if (positive.length === 0) return linearScale([0, 1000], range);
  // Local models and cached or simulated ones can differ a hundredfold: a log axis keeps both readable.
  if (spansDecades(positive, 1)) return logScale(decadeDomain(Math.min(...positive), Math.max(...positive)), range);
  return linearScale(niceDomain(0, Math.max(...positive)), range);
}

function rowMarkup(options: { row: LatencyBoxRow; x: Scale; middle: number; labelX: number }): string {
  const { row, x, middle } = options;
  const half = 9;
  const parts: string[] = [];
  const { stats } = row;
  const tooltip = stats
    ? `${row.label}: median ${formatMs(stats.median)}, quartiles ${formatMs(stats.q1)} to ${formatMs(stats.q3)}, p5 ${formatMs(stats.p5)}, p95 ${formatMs(stats.p95)}, p99 ${formatMs(row.p99 ?? stats.p99)}, max ${formatMs(stats.max)} (sample of ${stats.n})`
    : `${row.label}: ${row.p50 === null ? "no latency measured" : `median ${formatMs(row.p50)} (no sample)`}`;
  parts.push(svgElement("title", {}, { text: tooltip }));
  const labelText = `${shortenLabel(row.label, labelLength)}${row.simulated ? " (sim)" : ""}`;
  parts.push(svgElement("text", { class: "row-label", x: options.labelX, y: middle + 4, "text-anchor": "end" }, { text: labelText }));
  if (stats) {
    parts.push(svgElement("line", { class: "whisker", x1: x.map(stats.p5), x2: x.map(stats.p95), y1: middle, y2: middle }));
    for (const end of [stats.p5, stats.p95]) {
      parts.push(svgElement("line", { class: "whisker", x1: x.map(end), x2: x.map(end), y1: middle - half / 2, y2: middle + half / 2 }));
    }
    const left = x.map(stats.q1);
    parts.push(
      svgElement("rect", {
        class: row.simulated ? "box simulated" : "box",
        x: left,
        y: middle - half,
        width: Math.max(1, x.map(stats.q3) - left),
        height: half * 2,
        fill: row.color,
        stroke: row.color,
      }),
    );
    parts.push(svgElement("line", { class: "median", x1: x.map(stats.median), x2: x.map(stats.median), y1: middle - half, y2: middle + half }));
    const p99 = x.map(row.p99 ?? stats.p99);
    parts.push(svgElement("path", { class: "p99", d: `M${p99.toFixed(1)} ${middle - 5}l4 5l-4 5l-4 -5z`, fill: row.color }));
  } else if (row.p50 !== null) {
    parts.push(svgElement("line", { class: "median", x1: x.map(row.p50), x2: x.map(row.p50), y1: middle - half, y2: middle + half, stroke: row.color }));
  }
  return svgElement("g", { class: "box-row" }, { children: parts });
}

/** One horizontal box plot per candidate on a shared latency axis (ms). */
export function renderLatencyBoxChart(options: LatencyBoxChartOptions): string {
  const width = options.width ?? 720;
  const longest = Math.max(60, ...options.rows.map((row) => estimateTextWidth(`${shortenLabel(row.label, labelLength)}${row.simulated ? " (sim)" : ""}`)));
  const left = Math.min(220, longest + 18);
  const height = margin.top + rowHeight * Math.max(1, options.rows.length) + margin.bottom;
  const plotBottom = height - margin.bottom;
  const values = options.rows.flatMap((row) => (row.stats ? [row.stats.p5, row.stats.p95, row.p99 ?? row.stats.p99, row.stats.median] : row.p50 === null ? [] : [row.p50]));
  const x = latencyScale(values, [left, width - margin.right]);
  const scaleNote = x.kind === "log" ? "log scale" : "linear scale";
  const parts = [renderAxis({ scale: x, orientation: "bottom", position: plotBottom, gridLength: plotBottom - margin.top, format: formatLatencyTick, label: `Latency per request (ms, ${scaleNote})` })];
  options.rows.forEach((row, index) => {
    parts.push(rowMarkup({ row, x, middle: margin.top + rowHeight * index + rowHeight / 2, labelX: left - 8 }));
  });
  return svgDocument({
    id: options.id,
    width,
    height,
    title: "Latency distribution per candidate",
    description: `Box: quartiles with the median line; whiskers: p5 to p95; diamond: p99. Axis in ms, ${scaleNote}.`,
    children: parts,
  });
}
