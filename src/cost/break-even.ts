/** A volume at which two options' net values are equal, and which wins on each side of it. */
export interface BreakEven {
  a: string;
  b: string;
  /** Requests a month. */
  volume: number;
  /** Who has the higher net value just below and just above the volume. */
  below: string;
  above: string;
}

/**
 * The volumes in (0, maxVolume] at which `net(a, v) = net(b, v)`. Net values are piecewise linear in
 * volume (self-hosting has an always-on floor), so the difference is sampled on a geometric grid and
 * every sign change is refined by bisection to a relative precision of 1e-9. A difference that touches
 * zero without changing sign is not a break-even.
 */
export function breakEvenVolumes(options: {
  a: string;
  b: string;
  net: (option: string, volume: number) => number;
  maxVolume: number;
  /** Smallest volume looked at (default 1 request a month). */
  minVolume?: number;
  steps?: number;
}): BreakEven[] {
  const { a, b, net } = options;
  const minVolume = options.minVolume ?? 1;
  if (!(options.maxVolume > minVolume)) return [];
  const steps = options.steps ?? 400;
  const ratio = Math.pow(options.maxVolume / minVolume, 1 / steps);
  const difference = (volume: number): number => net(a, volume) - net(b, volume);
  const found: BreakEven[] = [];
  let lowVolume = minVolume;
  let lowDifference = difference(lowVolume);
  for (let step = 1; step <= steps; step++) {
    const highVolume = step === steps ? options.maxVolume : minVolume * Math.pow(ratio, step);
    const highDifference = difference(highVolume);
    if (lowDifference !== 0 && highDifference !== 0 && Math.sign(lowDifference) !== Math.sign(highDifference)) {
      let left = lowVolume;
      let right = highVolume;
      while (right - left > 1e-9 * right) {
        const middle = (left + right) / 2;
        if (Math.sign(difference(middle)) === Math.sign(lowDifference)) left = middle;
        else right = middle;
      }
      found.push({ a, b, volume: (left + right) / 2, below: lowDifference > 0 ? a : b, above: highDifference > 0 ? a : b });
    }
    if (highDifference !== 0) lowDifference = highDifference;
    lowVolume = highVolume;
  }
  return found;
}
