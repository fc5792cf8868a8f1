import { hostname } from "node:os";
import type { RunOwner, RunRecord, Store } from "../spec/store.js";

/** How often a running run's process writes its heartbeat, ms. */
export const heartbeatIntervalMs = 15_000;
/**
 * A run on another host whose heartbeat is older than this is taken as dead: eight missed beats, so
 * a store that is slow for a minute, or a machine under load, does not cut a live run short.
 */
export const heartbeatStaleMs = 120_000;

/** How this process tells whether another run's process is still alive. */
export interface LivenessProbe {
  /** This machine's host name. */
  host: string;
  /** Whether a process with this id exists on this machine. */
  isAlive(pid: number): boolean;
  /** Epoch ms. */
  now(): number;
  /** Heartbeat age past which a run on another host counts as dead, ms. */
  staleAfterMs: number;
}

/** The process that runs this code, as a run's owner. */
export function currentRunOwner(): RunOwner {
  return { host: hostname(), pid: process.pid };
}

/** A probe for this machine: signal 0 asks the kernel whether the pid exists without touching it. */
export function localLivenessProbe(): LivenessProbe {
  return {
    host: hostname(),
    isAlive(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        // EPERM: the process exists but belongs to another user.
        return (error as NodeJS.ErrnoException).code === "EPERM";
      }
    },
    now: () => Date.now(),
    staleAfterMs: heartbeatStaleMs,
  };
}

/**
 * Why a `running` run is dead, or null while it may be alive. Same host: its process is gone. Other
 * host: its heartbeat is stale. Runs stored before owners were recorded cannot be judged.
 */
export function deadRunReason(run: RunRecord, probe: LivenessProbe): string | null {
  if (run.status !== "running" || run.owner === null) return null;
  if (run.owner.host === probe.host) {
    return probe.isAlive(run.owner.pid) ? null : `its process ${run.owner.pid} on ${run.owner.host} is gone`;
  }
  const beat = run.heartbeatAt ?? run.createdAt;
  const age = probe.now() - beat;
  return age > probe.staleAfterMs ? `no heartbeat from ${run.owner.host} (pid ${run.owner.pid}) for ${Math.round(age / 1000)} s` : null;
}

/**
 * Marks the dead ones among `runs` as `interrupted` (resumable) and returns the list as it now stands.
 * The update is conditional on the status and heartbeat read, so a run that beat again meanwhile, or
 * that another process marked first, is left as it is.
 */
export async function markDeadRuns(store: Store, runs: readonly RunRecord[], probe: LivenessProbe = localLivenessProbe()): Promise<RunRecord[]> {
  const marked: RunRecord[] = [];
  for (const run of runs) {
    if (deadRunReason(run, probe) === null) {
      marked.push(run);
      continue;
    }
    let changed: boolean;
    try {
      changed = await store.updateRun(run.id, { status: "interrupted" }, { status: "running", heartbeatAt: run.heartbeatAt });
    } catch {
      // A store that cannot be written (read-only, full disk) still shows the run as it is: interrupted.
      marked.push({ ...run, status: "interrupted" });
      continue;
    }
    marked.push(changed ? { ...run, status: "interrupted" } : ((await store.getRun(run.id)) ?? run));
  }
  return marked;
}

/** Writes the owner's heartbeat every `heartbeatIntervalMs` until stopped; a failed write is reported once. */
export function startHeartbeat(options: { store: Store; runId: string; now?: () => number; intervalMs?: number; onError?: (error: unknown) => void }): () => void {
  let reported = false;
  const timer = setInterval(() => {
    options.store.updateRun(options.runId, { heartbeatAt: (options.now ?? Date.now)() }).catch((error: unknown) => {
      if (reported) return;
      reported = true;
      options.onError?.(error);
    });
  }, options.intervalMs ?? heartbeatIntervalMs);
  // The heartbeat never keeps the process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}
