import { type AnsiStyle, paint } from "./ansi.js";

export interface TextColumn {
  header: string;
  align: "left" | "right";
  /** Whether the column may be cut (with an ellipsis) to fit a width limit. */
  shrinkable?: boolean;
  /** Columns with a lower order are cut first (default 0): the names people scan by go last. */
  shrinkOrder?: number;
  /** Narrowest the column may be cut to, e.g. the longest id it starts with plus the ellipsis. */
  minimum?: number;
}

export interface TextCell {
  text: string;
  style?: AnsiStyle;
}

export interface TextTableOptions {
  columns: readonly TextColumn[];
  rows: readonly (readonly (TextCell | string)[])[];
  color: boolean;
  /** Terminal width; shrinkable columns are cut to fit it (never below `minimumWidth`). */
  width?: number;
  indent?: string;
}

const gap = "  ";
const minimumWidth = 6;

/** Visible width in columns (code points; the report only uses narrow characters). */
function visibleWidth(text: string): number {
  return [...text].length;
}

function truncate(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  return `${characters.slice(0, Math.max(0, width - 1)).join("")}…`;
}

/**
 * Cuts shrinkable columns one column of width at a time until the table fits: the widest of the lowest
 * `shrinkOrder` that can still give.
 */
function fitWidths(widths: number[], columns: readonly TextColumn[], limit: number): number[] {
  const fitted = [...widths];
  const total = (): number => fitted.reduce((sum, width) => sum + width, 0) + gap.length * (fitted.length - 1);
  while (total() > limit) {
    let widest = -1;
    for (let index = 0; index < fitted.length; index += 1) {
      const width = fitted[index] ?? 0;
      if (!columns[index]?.shrinkable || width <= Math.max(minimumWidth, columns[index]?.minimum ?? 0)) continue;
      const order = columns[index]?.shrinkOrder ?? 0;
      const widestOrder = widest === -1 ? Infinity : (columns[widest]?.shrinkOrder ?? 0);
      if (widest === -1 || order < widestOrder || (order === widestOrder && width > (fitted[widest] ?? 0))) widest = index;
    }
    if (widest === -1) break;
    fitted[widest] = (fitted[widest] ?? 0) - 1;
  }
  return fitted;
}

/** An aligned plain-text table; padding is computed on the plain text, colour is applied after. */
export function renderTextTable(options: TextTableOptions): string {
  const { columns, color } = options;
  const indent = options.indent ?? "";
  const cells: TextCell[][] = options.rows.map((row) => row.map((cell) => (typeof cell === "string" ? { text: cell } : cell)));
  const natural = columns.map((column, index) =>
    Math.max(visibleWidth(column.header), ...cells.map((row) => visibleWidth(row[index]?.text ?? ""))),
  );
  const widths = options.width === undefined ? natural : fitWidths(natural, columns, options.width - indent.length);
  const line = (row: readonly TextCell[], headerStyle?: AnsiStyle): string => {
    const parts = columns.map((column, index) => {
      const width = widths[index] ?? 0;
      const cell = row[index] ?? { text: "" };
      const text = truncate(cell.text, width);
      const padding = " ".repeat(Math.max(0, width - visibleWidth(text)));
      const styled = paint(text, headerStyle ?? cell.style, color);
      return column.align === "right" ? padding + styled : styled + (index === columns.length - 1 ? "" : padding);
    });
    return (indent + parts.join(gap)).replace(/\s+$/, "");
  };
  const header = line(columns.map((column) => ({ text: column.header })), "bold");
  return [header, ...cells.map((row) => line(row))].join("\n");
}
