/**
 * Scales map a data domain onto pixels, with "nice" tick values (1, 2, 5 times a power of ten on a
 * linear axis; powers of ten, with 2 and 5 between them when few decades show, on a log axis).
 */
export interface Scale {
  readonly kind: "linear" | "log";
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  map(value: number): number;
  ticks(): number[];
}

/** The step among 1, 2, 5 x 10^k closest to splitting `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const rough = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const multiplier = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10;
  return multiplier * power;
}

/** Widens [min, max] outwards to multiples of a nice step; a zero-width domain gets some room. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  let low = min;
  let high = max;
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.5;
    low -= pad;
    high += pad;
  }
  const step = niceStep(high - low, count);
  return [Math.floor(low / step) * step, Math.ceil(high / step) * step];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number], tickCount = 5): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return {
    kind: "linear",
    domain,
    range,
    map: (value) => r0 + ((value - d0) / span) * (r1 - r0),
    ticks: () => {
      const step = niceStep(d1 - d0, tickCount);
      const ticks: number[] = [];
      // Integer multiples avoid the drift of repeated float addition (0.30000000000000004).
      for (let index = Math.ceil(d0 / step - 1e-9); index * step <= d1 + step * 1e-9; index += 1) {
        ticks.push(Number((index * step).toPrecision(12)));
      }
      return ticks;
    },
  };
}

/** A log10 scale over a positive domain (callers pass whole decades for tidy ticks). */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const low = Math.log10(d0);
  const span = Math.log10(d1) - low || 1;
  return {
    kind: "log",
    domain,
    range,
    map: (value) => r0 + ((Math.log10(Math.max(value, d0 / 1e6)) - low) / span) * (r1 - r0),
    ticks: () => {
      const decades = Math.log10(d1) - Math.log10(d0);
      const multipliers = decades <= 2 ? [1, 2, 5] : [1];
      const ticks: number[] = [];
      for (let power = Math.floor(Math.log10(d0)); power <= Math.ceil(Math.log10(d1)); power += 1) {
        for (const multiplier of multipliers) {
          const value = Number((multiplier * 10 ** power).toPrecision(12));
          if (value >= d0 * (1 - 1e-9) && value <= d1 * (1 + 1e-9)) ticks.push(value);
        }
      }
      return ticks;
    },
  };
}

/** Whole decades around a positive range: [0.003, 42] -> [0.001, 100]. */
export function decadeDomain(min: number, max: number): [number, number] {
  const low = 10 ** Math.floor(Math.log10(min));
  let high = 10 ** Math.ceil(Math.log10(max));
  if (high <= low) high = low * 10;
  return [low, high];
}

/** Whether positive values spread over more than `decades` powers of ten (then a log axis reads better). */
export function spansDecades(values: readonly number[], decades: number): boolean {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  if (positive.length < 2) return false;
  return Math.max(...positive) / Math.min(...positive) > 10 ** decades;
}
