/** Short number formats for the sentences of a decision (money, shares, counts). */

export function usd(value: number): string {
  const sign = value < 0 ? "-" : "";
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return `${sign}$${Math.round(magnitude).toLocaleString("en-US")}`;
  if (magnitude >= 1) return `${sign}$${magnitude.toFixed(2)}`;
  if (magnitude === 0) return "$0";
  return `${sign}$${magnitude.toPrecision(2)}`;
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function count(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  return value.toPrecision(3).replace(/\.?0+$/, "");
}
