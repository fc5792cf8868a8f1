/**
 * How a run uses the response cache. `use`: answer from a fresh entry, else call and store. `refresh`:
 * always call the model and overwrite the entry (`--refresh-cache`). `off`: neither read nor write
 * (`--no-cache`).
 */
export interface CachePolicy {
  mode: "use" | "refresh" | "off";
  /** Entries older than this are misses and are overwritten, ms; null: entries never expire. */
  ttlMs: number | null;
}

export const cacheOff: CachePolicy = { mode: "off", ttlMs: null };

/** Whether an entry written at `createdAt` may answer now. */
export function isFresh(policy: CachePolicy, createdAt: number, now: number): boolean {
  return policy.ttlMs === null || now - createdAt <= policy.ttlMs;
}
