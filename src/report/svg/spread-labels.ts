/**
 * Positions for labels along one axis, at least `gap` apart and within [low, high], each as near its
 * wanted position as the others allow. `wanted` may be in any order; the result keeps its order.
 * When the labels cannot all fit, they are `gap` apart from `low` on (overflowing `high`).
 */
export function spreadLabels(wanted: readonly number[], gap: number, low: number, high: number): number[] {
  const order = wanted.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value || a.index - b.index);
  const placed = order.map(({ value }) => Math.min(Math.max(value, low), high));
  // Push forwards so that each label clears the one before it...
  for (let at = 1; at < placed.length; at += 1) placed[at] = Math.max(placed[at] ?? 0, (placed[at - 1] ?? 0) + gap);
  // ...then back from the far end, never below the start.
  for (let at = placed.length - 1; at >= 0; at -= 1) {
    const limit = at === placed.length - 1 ? high : (placed[at + 1] ?? high) - gap;
    placed[at] = Math.max(low + gap * at, Math.min(placed[at] ?? 0, limit));
  }
  const result = new Array<number>(wanted.length);
  order.forEach(({ index }, at) => {
    result[index] = placed[at] ?? low;
  });
  return result;
}
