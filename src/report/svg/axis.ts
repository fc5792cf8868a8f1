import type { Scale } from "./scale.js";
import { svgElement } from "./svg-element.js";

export interface AxisOptions {
  scale: Scale;
  orientation: "bottom" | "left";
  /** Where the axis line sits: the y of a bottom axis, the x of a left axis. */
  position: number;
  /** Length of grid lines across the plot (towards the top for bottom axes, right for left axes); 0 for none. */
  gridLength: number;
  format: (value: number) => string;
  label?: string;
  /** Ticks to draw instead of the scale's own. */
  ticks?: readonly number[];
}

/** Tick marks, grid lines, tick labels and an axis title, styled by the `.axis` and `.grid` classes. */
export function renderAxis(options: AxisOptions): string {
  const { scale, position, gridLength } = options;
  const ticks = options.ticks ?? scale.ticks();
  const [start, end] = scale.range;
  const parts: string[] = [];
  if (options.orientation === "bottom") {
    parts.push(svgElement("line", { class: "axis-line", x1: start, x2: end, y1: position, y2: position }));
    for (const tick of ticks) {
      const x = scale.map(tick);
      if (gridLength > 0) parts.push(svgElement("line", { class: "grid", x1: x, x2: x, y1: position, y2: position - gridLength }));
      parts.push(svgElement("line", { class: "axis-line", x1: x, x2: x, y1: position, y2: position + 4 }));
      parts.push(svgElement("text", { x, y: position + 16, "text-anchor": "middle" }, { text: options.format(tick) }));
    }
    if (options.label !== undefined) {
      parts.push(svgElement("text", { class: "axis-title", x: (start + end) / 2, y: position + 34, "text-anchor": "middle" }, { text: options.label }));
    }
  } else {
    parts.push(svgElement("line", { class: "axis-line", x1: position, x2: position, y1: start, y2: end }));
    for (const tick of ticks) {
      const y = scale.map(tick);
      if (gridLength > 0) parts.push(svgElement("line", { class: "grid", x1: position, x2: position + gridLength, y1: y, y2: y }));
      parts.push(svgElement("line", { class: "axis-line", x1: position - 4, x2: position, y1: y, y2: y }));
      parts.push(svgElement("text", { x: position - 7, y: y + 4, "text-anchor": "end" }, { text: options.format(tick) }));
    }
    if (options.label !== undefined) {
      const middle = (start + end) / 2;
      parts.push(
        svgElement("text", { class: "axis-title", x: position - 44, y: middle, "text-anchor": "middle", transform: `rotate(-90 ${position - 44} ${middle})` }, { text: options.label }),
      );
    }
  }
  return svgElement("g", { class: "axis" }, { children: parts });
}
