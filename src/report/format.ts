/**
 * Number formatting shared by every renderer, so a figure reads the same in the terminal, in Markdown
 * and in HTML. Missing values (null, NaN, infinities) print as `missingValue`.
 */

export const missingValue = "-";

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A rate in [0,1] as a percentage with one decimal: `0.8421` -> `84.2%`. */
export function formatPercent(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return missingValue;
  return `${(value * 100).toFixed(1)}%`;
}

/** An interval as `[low, high]` with the given formatter; missing when either end is missing. */
export function formatInterval(low: number | null | undefined, high: number | null | undefined, format: (value: number) => string): string {
  if (!isFiniteNumber(low) || !isFiniteNumber(high)) return missingValue;
  return `[${format(low)}, ${format(high)}]`;
}

/**
 * Milliseconds with a precision that suits the magnitude: `0.42 ms`, `4.2 ms`, `420 ms`, `1.24 s`,
 * `12.4 s`, `2m 05s`. Whole seconds past a minute, because nobody reads 125,340 ms.
 */
export function formatMs(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return missingValue;
  const magnitude = Math.abs(value);
  if (magnitude < 1) return `${value.toFixed(2)} ms`;
  if (magnitude < 10) return `${value.toFixed(1)} ms`;
  if (magnitude < 1000) return `${Math.round(value)} ms`;
  if (magnitude < 60_000) return `${(value / 1000).toPrecision(3)} s`;
  const totalSeconds = Math.round(magnitude / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${value < 0 ? "-" : ""}${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/**
 * US dollars: cents from $1 up (`$12.34`, `$1,234.56`), three significant digits below it so that
 * per-request prices stay readable (`$0.000123`, `$0.0123`, `$0.50`).
 */
export function formatUsd(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return missingValue;
  const sign = value < 0 ? "-" : "";
  const magnitude = Math.abs(value);
  if (magnitude === 0) return "$0";
  if (magnitude >= 1) {
    return `${sign}$${magnitude.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
  let text = magnitude.toPrecision(3);
  if (text.includes("e")) text = magnitude.toFixed(Math.min(100, 2 - Math.floor(Math.log10(magnitude))));
  // Trim trailing zeros but keep cents: 0.500 -> 0.50, 0.000100 -> 0.0001.
  const [whole = "0", fraction = ""] = text.split(".");
  let trimmed = fraction.replace(/0+$/, "");
  if (trimmed.length < 2) trimmed = trimmed.padEnd(2, "0");
  return `${sign}$${whole}.${trimmed}`;
}

/** An integer count with thousands separators: `12,345`. */
export function formatCount(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return missingValue;
  return Math.round(value).toLocaleString("en-US");
}

/** A rate such as tokens per second: one decimal below 10, whole numbers above. */
export function formatRate(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return missingValue;
  if (Math.abs(value) < 10) return value.toFixed(1);
  return Math.round(value).toLocaleString("en-US");
}

/** A score or mean (usually in [0,1]): three decimals when small, fewer as it grows. */
export function formatScore(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return missingValue;
  const magnitude = Math.abs(value);
  if (magnitude < 10) return value.toFixed(3);
  if (magnitude < 1000) return value.toFixed(1);
  return Math.round(value).toLocaleString("en-US");
}

/** A raw number with up to four significant digits, for gate values compared to a threshold. */
export function formatPlain(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return missingValue;
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}
