/** A duration as people write it in config and flags: a number and a unit (s, m, h, d, w), e.g. `12h`, `7d`. */
export const durationPattern = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Milliseconds of a duration such as `7d`; undefined when the text is not one (or is zero). */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
  return ms > 0 ? ms : undefined;
}
