import { describe, expect, it } from "vitest";
import { projectSchema } from "../config/project-schema.js";
import { isTuneopsError } from "../spec/errors.js";
import { cachePolicyOf } from "./cache-policy-flags.js";

const config = (defaults: Record<string, unknown> = {}) => projectSchema.parse({ version: 1, project: "p", defaults });

describe("cachePolicyOf", () => {
  it("follows defaults.cache and cache_ttl, then the flags", () => {
    expect(cachePolicyOf(config(), { cache: true })).toEqual({ mode: "use", ttlMs: null });
    expect(cachePolicyOf(config({ cache_ttl: "7d" }), { cache: true })).toEqual({ mode: "use", ttlMs: 604_800_000 });
    expect(cachePolicyOf(config(), { cache: false })).toEqual({ mode: "off", ttlMs: null });
    expect(cachePolicyOf(config({ cache: false }), { cache: true })).toEqual({ mode: "off", ttlMs: null });
    expect(cachePolicyOf(config({ cache: false }), { cache: true, refreshCache: true })).toEqual({ mode: "refresh", ttlMs: null });
  });

  it("refuses --refresh-cache with --no-cache", () => {
    let thrown: unknown;
    try {
      cachePolicyOf(config(), { cache: false, refreshCache: true });
    } catch (error) {
      thrown = error;
    }
    expect(isTuneopsError(thrown) && thrown.code).toBe("input_invalid");
  });

  it("refuses a cache_ttl that is not a duration in the schema", () => {
    expect(projectSchema.safeParse({ version: 1, project: "p", defaults: { cache_ttl: "a week" } }).success).toBe(false);
  });
});
