import type { RequestListFilter } from "../spec/gateway-store.js";
import { TuneopsError } from "../spec/errors.js";

/** The filter flags of `tuneops logs`, as typed. */
export interface LogFilterFlags {
  route?: string;
  key?: string;
  status?: string;
  since?: string;
  until?: string;
  search?: string;
}

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`/`--until`: an ISO 8601 time or date, or a duration back from now like `15m`, `2h`, `7d`. */
export function parseTimeFlag(value: string, flag: string, now: number): number {
  const duration = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  const at = duration ? now - Number(duration[1]) * (units[duration[2] ?? "s"] ?? 0) : Date.parse(value);
  if (!Number.isFinite(at)) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `${flag} must be an ISO 8601 time (2026-12-01 or 2026-12-01T10:00:00Z) or a duration back from now like 15m, 2h or 7d, got "${value}"`,
      location: { field: flag },
    });
  }
  return at;
}

/** `--status`: one status (`429`), a class (`4xx`) or a range (`500-599`). */
export function parseStatusFlag(value: string): { min: number; max: number } {
  const text = value.trim().toLowerCase();
  const single = /^(\d{3})$/.exec(text);
  if (single) return { min: Number(single[1]), max: Number(single[1]) };
  const klass = /^([1-5])xx$/.exec(text);
  if (klass) return { min: Number(klass[1]) * 100, max: Number(klass[1]) * 100 + 99 };
  const range = /^(\d{3})-(\d{3})$/.exec(text);
  if (range && Number(range[1]) <= Number(range[2])) return { min: Number(range[1]), max: Number(range[2]) };
  throw new TuneopsError({ code: "input_invalid", message: `--status must be a status (429), a class (4xx) or a range (500-599), got "${value}"`, location: { field: "--status" } });
}

/** The store filter of the flags given. */
export function logFilterOf(flags: LogFilterFlags, now: number): RequestListFilter {
  const filter: RequestListFilter = {};
  if (flags.route !== undefined) filter.route = flags.route;
  if (flags.key !== undefined) filter.keyName = flags.key;
  if (flags.status !== undefined) filter.status = parseStatusFlag(flags.status);
  if (flags.since !== undefined) filter.since = parseTimeFlag(flags.since, "--since", now);
  if (flags.until !== undefined) filter.until = parseTimeFlag(flags.until, "--until", now);
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) {
    throw new TuneopsError({ code: "input_invalid", message: `--since (${new Date(filter.since).toISOString()}) must come before --until (${new Date(filter.until).toISOString()})`, location: { field: "--since" } });
  }
  if (flags.search !== undefined) filter.search = flags.search;
  return filter;
}
