import { renderAxis } from "./axis.js";
import { candidateColor } from "./palette.js";
import { linearScale, niceDomain } from "./scale.js";
import { estimateTextWidth, shortenLabel, svgDocument, svgElement } from "./svg-element.js";

export interface RatingRow {
  label: string;
  rating: number;
  /** The interval's ends; both null draws the point alone, one null an interval open to that edge. */
  low: number | null;
  high: number | null;
  rank: number;
}

const rowHeight = 24;
const margin = { top: 10, right: 24, bottom: 48 };
const labelLength = 32;

/**
 * Ratings as points with error bars (their intervals), one row per model, best first, on one rating
 * axis: overlapping bars are models the data cannot order. The row label carries the rank.
 */
export function renderRatingChart(options: { id: string; rows: readonly RatingRow[]; confidence: number; width?: number }): string {
  const width = options.width ?? 640;
  const labels = options.rows.map((row) => `${row.rank}. ${shortenLabel(row.label, labelLength)}`);
  const left = Math.min(260, Math.max(60, ...labels.map(estimateTextWidth)) + 16);
  const height = margin.top + rowHeight * Math.max(1, options.rows.length) + margin.bottom;
  const plotBottom = height - margin.bottom;
  const values = options.rows.flatMap((row) => [row.rating, row.low, row.high]).filter((value): value is number => value !== null && Number.isFinite(value));
  const domain = niceDomain(Math.min(...values, 1000), Math.max(...values, 1000), 5);
  const x = linearScale(domain, [left, width - margin.right], 5);
  const percent = Math.round(options.confidence * 100);
  const parts = [renderAxis({ scale: x, orientation: "bottom", position: plotBottom, gridLength: plotBottom - margin.top, format: (value) => String(Math.round(value)), label: `rating (Elo scale), ${percent}% bootstrap interval` })];
  options.rows.forEach((row, index) => {
    const middle = margin.top + rowHeight * index + rowHeight / 2;
    const color = candidateColor(index);
    const interval = row.low === null && row.high === null ? "" : ` [${row.low === null ? "-inf" : Math.round(row.low)}, ${row.high === null ? "+inf" : Math.round(row.high)}]`;
    const children = [
      svgElement("title", {}, { text: `${row.label}: rank ${row.rank}, rating ${Math.round(row.rating)}${interval}` }),
      svgElement("text", { class: "row-label", x: left - 8, y: middle + 4, "text-anchor": "end" }, { text: labels[index] ?? "" }),
    ];
    if (row.low !== null || row.high !== null) {
      // An open end runs to the edge of the plot without a cap.
      const low = row.low === null ? x.range[0] : x.map(row.low);
      const high = row.high === null ? x.range[1] : x.map(row.high);
      const lowCap = row.low === null ? "" : `M${low.toFixed(1)} ${middle - 5}v10`;
      const highCap = row.high === null ? "" : `M${high.toFixed(1)} ${middle - 5}v10`;
      children.push(svgElement("path", { class: "interval", stroke: color, fill: "none", d: `${lowCap}M${low.toFixed(1)} ${middle}H${high.toFixed(1)}${highCap}` }));
    }
    children.push(svgElement("circle", { class: "marker", cx: x.map(row.rating), cy: middle, r: 4, fill: color }));
    parts.push(svgElement("g", { class: "rating-row" }, { children }));
  });
  return svgDocument({
    id: options.id,
    width,
    height,
    title: `Ratings with ${percent}% intervals`,
    description: options.rows.map((row) => `${row.label} ${Math.round(row.rating)}${row.low === null || row.high === null ? "" : ` (${Math.round(row.low)} to ${Math.round(row.high)})`}`).join("; "),
    children: parts,
  });
}
