import { renderAxis } from "./axis.js";
import { linearScale, niceDomain } from "./scale.js";
import { estimateTextWidth, shortenLabel, svgDocument, svgElement } from "./svg-element.js";

export interface ForestRow {
  /** The compared candidate: the difference is `compared − reference`. */
  compared: string;
  /** The candidate it is compared with (the suite's first). */
  reference: string;
  difference: number;
  low: number;
  high: number;
  /** Colours the interval: `better` when the compared candidate wins, `worse` when the reference does. */
  tone: "better" | "worse" | "tie";
  /** The full sentence, shown as the row's tooltip. */
  tooltip: string;
}

export interface ForestPlotOptions {
  id: string;
  /** The metric compared, shown in the title. */
  metric: string;
  rows: readonly ForestRow[];
  /** Tick labels in the metric's unit of difference (e.g. percentage points). */
  format: (value: number) => string;
  axisLabel: string;
  width?: number;
}

const rowHeight = 26;
const margin = { top: 10, right: 24, bottom: 48 };
/** Characters kept of each candidate's name in a row label, so a long first name never hides the second. */
const nameLength = 16;

/** The row's label: both candidates, the compared one first, as in the difference it plots. */
export function forestRowLabel(row: Pick<ForestRow, "compared" | "reference">): string {
  return `${shortenLabel(row.compared, nameLength)} − ${shortenLabel(row.reference, nameLength)}`;
}

/**
 * Differences with their 95% intervals, one row per comparison, around a zero line: an interval that
 * crosses zero is a tie. Intervals are coloured by verdict.
 */
export function renderForestPlot(options: ForestPlotOptions): string {
  const width = options.width ?? 460;
  const longest = Math.max(40, ...options.rows.map((row) => estimateTextWidth(forestRowLabel(row))));
  const left = Math.min(250, longest + 16);
  const height = margin.top + rowHeight * Math.max(1, options.rows.length) + margin.bottom;
  const plotBottom = height - margin.bottom;
  const finite = options.rows.flatMap((row) => [row.low, row.high, row.difference]).filter((value) => Number.isFinite(value));
  // Symmetric around zero, so the side a difference falls on reads at a glance.
  const reach = Math.max(0, ...finite.map((value) => Math.abs(value))) * 1.05;
  const domain = niceDomain(-reach, reach, 4);
  const x = linearScale(domain, [left, width - margin.right], 4);
  const zero = x.map(0);
  const parts = [
    renderAxis({ scale: x, orientation: "bottom", position: plotBottom, gridLength: plotBottom - margin.top, format: options.format, label: options.axisLabel }),
    svgElement("line", { class: "zero", x1: zero, x2: zero, y1: margin.top, y2: plotBottom }),
  ];
  options.rows.forEach((row, index) => {
    const middle = margin.top + rowHeight * index + rowHeight / 2;
    const children = [svgElement("title", {}, { text: row.tooltip }), svgElement("text", { class: "row-label", x: left - 8, y: middle + 4, "text-anchor": "end" }, { text: forestRowLabel(row) })];
    if (Number.isFinite(row.low) && Number.isFinite(row.high)) {
      const low = x.map(row.low);
      const high = x.map(row.high);
      children.push(svgElement("path", { class: `interval ${row.tone}`, d: `M${low.toFixed(1)} ${middle - 5}v10M${low.toFixed(1)} ${middle}H${high.toFixed(1)}M${high.toFixed(1)} ${middle - 5}v10` }));
    }
    if (Number.isFinite(row.difference)) {
      const center = x.map(row.difference);
      children.push(svgElement("path", { class: `estimate ${row.tone}`, d: `M${center.toFixed(1)} ${middle - 5}l5 5l-5 5l-5 -5z` }));
    }
    parts.push(svgElement("g", { class: "forest-row" }, { children }));
  });
  return svgDocument({
    id: options.id,
    width,
    height,
    title: `${options.metric}: difference with 95% interval per comparison`,
    description: options.rows.map((row) => row.tooltip).join(" "),
    children: parts,
  });
}
