import { describe, expect, it } from "vitest";
import { parseRetryAfterMs } from "./retry-after.js";

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it("reads delay-seconds, fractional seconds and retry-after-ms (which wins)", () => {
    expect(parseRetryAfterMs({ "retry-after": "20" }, now)).toBe(20_000);
    expect(parseRetryAfterMs({ "retry-after": "0.5" }, now)).toBe(500);
    expect(parseRetryAfterMs({ "retry-after": "20", "retry-after-ms": "120.4" }, now)).toBe(121);
  });

  it("reads an HTTP-date relative to now, never negative", () => {
    expect(parseRetryAfterMs({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }, now)).toBe(30_000);
    expect(parseRetryAfterMs({ "retry-after": "Tue, 31 Dec 2024 23:00:00 GMT" }, now)).toBe(0);
  });

  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfterMs({}, now)).toBeUndefined();
    expect(parseRetryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(parseRetryAfterMs({ "retry-after-ms": "-5", "retry-after": ["3", "9"] }, now)).toBe(3000);
  });
});
