import { formatCount, formatPercent } from "../format.js";
import { estimateTextWidth, shortenLabel, svgDocument, svgElement } from "./svg-element.js";

export interface ConfusionMatrixChartOptions {
  id: string;
  /** What the matrix is of, e.g. `intent (gpt-mini)`; used in the title. */
  subject: string;
  /** Expected labels: one per row. */
  rowLabels: readonly string[];
  /** Predicted labels: one per column. */
  columnLabels: readonly string[];
  /** Counts, matrix[row][column]. */
  matrix: readonly (readonly number[])[];
}

/** Past this many labels a heat map stops being readable: callers show the most confused pairs instead. */
export const maxConfusionLabels = 30;

const labelLength = 18;
const margin = { right: 16, bottom: 16 };
const diagonalColor = "#4e79a7";
const confusionColor = "#e15759";

/** Cell side in px: large for a few labels, down to 16 px for 30. */
function cellSize(labels: number): number {
  return Math.max(16, Math.min(40, Math.floor(560 / Math.max(1, labels))));
}

/** A label cut to fit, with the full text as its tooltip. */
function labelText(options: { text: string; attributes: Record<string, string | number> }): string {
  return svgElement("g", { class: "tick-label" }, { children: [svgElement("title", {}, { text: options.text }), svgElement("text", options.attributes, { text: shortenLabel(options.text, labelLength) })] });
}

/**
 * A confusion matrix as a heat map: rows are expected labels, columns predicted labels, each cell holds
 * its count and is shaded by its share of the row (so a rare class reads as clearly as a common one);
 * the diagonal (right) in blue, confusions in red. Every label and cell has a tooltip.
 */
export function renderConfusionMatrixChart(options: ConfusionMatrixChartOptions): string {
  const { rowLabels, columnLabels, matrix } = options;
  const cell = cellSize(Math.max(rowLabels.length, columnLabels.length));
  const longestRow = Math.max(30, ...rowLabels.map((label) => estimateTextWidth(shortenLabel(label, labelLength))));
  const longestColumn = Math.max(30, ...columnLabels.map((label) => estimateTextWidth(shortenLabel(label, labelLength))));
  const left = Math.ceil(longestRow + 30);
  // Column labels are turned 45 degrees: their height is about 0.71 of their length.
  const top = Math.ceil(longestColumn * 0.71 + 34);
  const width = left + cell * columnLabels.length + margin.right + Math.ceil(longestColumn * 0.71);
  const height = top + cell * rowLabels.length + margin.bottom;
  const fontSize = cell >= 28 ? 11 : cell >= 20 ? 9 : 8;
  const parts: string[] = [
    svgElement("text", { class: "axis-title", x: left + (cell * columnLabels.length) / 2, y: 14, "text-anchor": "middle" }, { text: "predicted" }),
    svgElement("text", { class: "axis-title", x: 12, y: top + (cell * rowLabels.length) / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${top + (cell * rowLabels.length) / 2})` }, { text: "expected" }),
  ];
  columnLabels.forEach((label, column) => {
    const x = left + cell * column + cell / 2;
    const y = top - 6;
    parts.push(labelText({ text: label, attributes: { x, y, "text-anchor": "start", transform: `rotate(-45 ${x} ${y})` } }));
  });
  let correct = 0;
  let total = 0;
  rowLabels.forEach((expected, row) => {
    const counts = matrix[row] ?? [];
    const rowTotal = counts.reduce((sum, count) => sum + count, 0);
    total += rowTotal;
    const middle = top + cell * row + cell / 2;
    parts.push(labelText({ text: expected, attributes: { x: left - 6, y: middle + 4, "text-anchor": "end" } }));
    columnLabels.forEach((predicted, column) => {
      const count = counts[column] ?? 0;
      const share = rowTotal > 0 ? count / rowTotal : 0;
      const diagonal = predicted === expected;
      if (diagonal) correct += count;
      const x = left + cell * column;
      const y = top + cell * row;
      const tooltip = `expected ${expected}, predicted ${predicted}: ${formatCount(count)} of ${formatCount(rowTotal)} (${formatPercent(share)} of the row)`;
      const children = [
        svgElement("title", {}, { text: tooltip }),
        svgElement("rect", {
          class: count > 0 ? "cell" : "cell empty",
          x,
          y,
          width: cell,
          height: cell,
          fill: diagonal ? diagonalColor : confusionColor,
          "fill-opacity": count > 0 ? Number((0.08 + 0.92 * share).toFixed(3)) : 0,
        }),
      ];
      if (count > 0) {
        children.push(
          svgElement("text", { class: share > 0.5 ? "count on-dark" : "count", x: x + cell / 2, y: y + cell / 2 + fontSize / 2 - 1, "text-anchor": "middle", "font-size": fontSize }, { text: String(count) }),
        );
      }
      parts.push(svgElement("g", { class: diagonal ? "cell-group diagonal" : "cell-group" }, { children }));
    });
  });
  const accuracy = total > 0 ? ` ${formatCount(correct)} of ${formatCount(total)} on the diagonal (${formatPercent(correct / total)}).` : "";
  return svgDocument({
    id: options.id,
    width,
    height,
    title: `Confusion matrix: ${options.subject}`,
    description: `Rows: ${rowLabels.length} expected labels; columns: ${columnLabels.length} predicted labels; shade: share of the row.${accuracy}`,
    children: parts,
  });
}
