import type { PlanSnapshot } from "./plan.js";
import type { CachePolicy } from "./cache-policy.js";
import type { RunRecord } from "../spec/store.js";

/** The options that shaped a run besides the project file, kept so a resume follows them. */
export interface RunOptionsSnapshot {
  /** Cases evaluated (`--limit` or the dataset's `limit`); null: all. */
  limit: number | null;
  cache: CachePolicy;
  allowBadRows: boolean;
  /** `--judge-samples`; null: each judge's own. */
  judgeSamples: number | null;
}

/** What a run stores as its `config`: the plan's snapshot, the candidates left out and the run's options. */
export interface RunSnapshot extends PlanSnapshot {
  skipped: { candidate: string; reason: string }[];
  /** Absent in runs stored before options were kept. */
  options?: RunOptionsSnapshot;
}

export function readRunSnapshot(run: RunRecord): RunSnapshot {
  const snapshot = run.config as RunSnapshot;
  return { ...snapshot, skipped: snapshot.skipped ?? [] };
}
