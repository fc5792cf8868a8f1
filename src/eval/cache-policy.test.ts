import { describe, expect, it } from "vitest";
import { isFresh } from "./cache-policy.js";

describe("isFresh", () => {
  it("keeps every entry without a TTL and expires entries past it", () => {
    expect(isFresh({ mode: "use", ttlMs: null }, 0, 10 ** 13)).toBe(true);
    expect(isFresh({ mode: "use", ttlMs: 1_000 }, 5_000, 6_000)).toBe(true);
    expect(isFresh({ mode: "use", ttlMs: 1_000 }, 5_000, 6_001)).toBe(false);
  });
});
