import type { ProjectConfig } from "../config/project-schema.js";
import { parseDuration } from "../config/duration.js";
import type { CachePolicy } from "../eval/cache-policy.js";
import { TuneopsError } from "../spec/errors.js";

/** The cache policy of a new run: `defaults.cache` and `defaults.cache_ttl`, then `--no-cache` or `--refresh-cache`. */
export function cachePolicyOf(config: ProjectConfig, flags: { cache: boolean; refreshCache?: boolean }): CachePolicy {
  if (flags.refreshCache && !flags.cache) {
    throw new TuneopsError({ code: "input_invalid", message: "--refresh-cache and --no-cache contradict each other", location: { field: "--refresh-cache" }, hint: "--no-cache neither reads nor writes the cache; --refresh-cache calls the model and overwrites the entries. Give one." });
  }
  const ttl = config.defaults.cache_ttl;
  const ttlMs = ttl === undefined ? null : (parseDuration(ttl) ?? null);
  if (flags.refreshCache) return { mode: "refresh", ttlMs };
  return { mode: flags.cache && config.defaults.cache ? "use" : "off", ttlMs };
}
