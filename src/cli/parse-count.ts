import { TuneopsError } from "../spec/errors.js";

/**
 * A whole-number option (`--limit 20`) read strictly: `abc`, `2.5`, `0` below `min` or a number above
 * `max` is an `input_invalid` error naming the flag and what it takes, never silently the default.
 */
export function parseCount(options: { flag: string; text: string; min: number; max: number }): number {
  const { flag, text, min, max } = options;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new TuneopsError({ code: "input_invalid", message: `${flag} must be a whole number from ${min} to ${max}, got "${text}"`, location: { field: flag } });
  }
  return value;
}
