import { formatInterval, formatPercent, formatPlain, formatScore } from "../format.js";
import { renderAxis } from "./axis.js";
import { linearScale, niceDomain } from "./scale.js";
import { estimateTextWidth, shortenLabel, svgDocument, svgElement } from "./svg-element.js";

export interface IntervalBar {
  label: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  color: string;
  simulated: boolean;
}

export interface IntervalBarChartOptions {
  id: string;
  /** The metric's name, shown in the title. */
  metric: string;
  kind: "proportion" | "mean" | "corpus";
  bars: readonly IntervalBar[];
  width?: number;
  /** Replaces the default title (`metric: mean with 95% interval per candidate`). */
  title?: string;
  /** Replaces the default axis domain, e.g. a zoomed [0, 0.1] for rare label rates. */
  domain?: readonly [number, number];
}

const rowHeight = 24;
const margin = { top: 8, right: 24, bottom: 44 };
const labelLength = 22;

function barLabel(bar: IntervalBar): string {
  return `${shortenLabel(bar.label, labelLength)}${bar.simulated ? " (sim)" : ""}`;
}

function valueFormat(kind: IntervalBarChartOptions["kind"]): (value: number | null) => string {
  if (kind === "proportion") return formatPercent;
  if (kind === "corpus") return (value) => (value === null || !Number.isFinite(value) ? "-" : value.toFixed(2));
  return formatScore;
}

function defaultTitle(options: IntervalBarChartOptions): string {
  if (options.kind === "corpus") return `${options.metric}: corpus score with 95% bootstrap interval per candidate`;
  return `${options.metric}: mean with 95% interval per candidate`;
}

/**
 * One metric across candidates: a horizontal bar per candidate with its 95% interval whisker. Rates
 * span [0,1]; means and corpus scores (corpus BLEU 0-100) get an axis of their own from zero to their
 * data, so a corpus score is never drawn on a rate's axis.
 */
export function renderIntervalBarChart(options: IntervalBarChartOptions): string {
  const width = options.width ?? 420;
  const format = options.kind === "proportion" ? (value: number) => formatPercent(value).replace(".0%", "%") : formatPlain;
  const formatValue = valueFormat(options.kind);
  const longest = Math.max(40, ...options.bars.map((bar) => estimateTextWidth(barLabel(bar))));
  const left = Math.min(170, longest + 16);
  const height = margin.top + rowHeight * Math.max(1, options.bars.length) + margin.bottom;
  const plotBottom = height - margin.bottom;
  const finite = options.bars.flatMap((bar) => [bar.mean, bar.low, bar.high]).filter((value): value is number => value !== null && Number.isFinite(value));
  // Rates always span [0,1]: a zoomed axis would exaggerate small differences.
  const domain = options.domain ?? (options.kind === "proportion" ? ([0, 1] as const) : niceDomain(Math.min(0, ...finite), Math.max(0, ...finite), 4));
  const x = linearScale(domain, [left, width - margin.right], 4);
  const zero = x.map(Math.max(domain[0], Math.min(domain[1], 0)));
  const axisLabel = options.kind === "corpus" ? "corpus score (its own scale)" : undefined;
  const parts = [renderAxis({ scale: x, orientation: "bottom", position: plotBottom, gridLength: plotBottom - margin.top, format, ...(axisLabel === undefined ? {} : { label: axisLabel }) })];
  const description: string[] = [];
  options.bars.forEach((bar, index) => {
    const middle = margin.top + rowHeight * index + rowHeight / 2;
    const value = bar.mean === null || !Number.isFinite(bar.mean) ? "no value" : `${formatValue(bar.mean)} ${formatInterval(bar.low, bar.high, formatValue)}`;
    const text = `${bar.label}${bar.simulated ? " (simulated)" : ""}: ${value}`;
    description.push(`${text}.`);
    const children = [svgElement("title", {}, { text }), svgElement("text", { class: "row-label", x: left - 8, y: middle + 4, "text-anchor": "end" }, { text: barLabel(bar) })];
    if (bar.mean !== null && Number.isFinite(bar.mean)) {
      const end = x.map(bar.mean);
      children.push(
        svgElement("rect", {
          class: bar.simulated ? "bar simulated" : "bar",
          x: Math.min(zero, end),
          y: middle - 7,
          width: Math.max(1, Math.abs(end - zero)),
          height: 14,
          fill: bar.color,
          stroke: bar.color,
        }),
      );
    }
    if (bar.low !== null && bar.high !== null) {
      const low = x.map(bar.low);
      const high = x.map(bar.high);
      children.push(svgElement("path", { class: "whisker", d: `M${low.toFixed(1)} ${middle - 5}v10M${low.toFixed(1)} ${middle}H${high.toFixed(1)}M${high.toFixed(1)} ${middle - 5}v10` }));
    }
    parts.push(svgElement("g", { class: "bar-row" }, { children }));
  });
  return svgDocument({
    id: options.id,
    width,
    height,
    title: options.title ?? defaultTitle(options),
    description: description.join(" "),
    children: parts,
  });
}
