import type { EvalEvent } from "../eval/events.js";
import { paint, type Terminal } from "./terminal.js";

/**
 * Renders evaluation events: a live bar with rate and ETA on a terminal; in CI a plain line every 10%
 * (or every 30 s), so logs stay short and readable.
 */
export function createProgressRenderer(terminal: Terminal): (event: EvalEvent) => void {
  let started = 0;
  let startDone = 0;
  let lastLineAt = 0;
  let lastDecile = -1;
  let retries = 0;
  return (event) => {
    const now = performance.now();
    switch (event.type) {
      case "planned":
        started = now;
        startDone = event.alreadyDone;
        lastLineAt = now;
        terminal.err(
          `run ${event.runId} (${event.suite}): ${event.total} results planned` +
            ` (${event.candidates.length} candidate(s): ${event.candidates.join(", ")})` +
            (event.alreadyDone > 0 ? `, ${event.alreadyDone} already stored` : ""),
        );
        return;
      case "preparing":
        terminal.status(`preparing ${event.candidate} (${event.provider})...`);
        return;
      case "prepared":
        if (event.ms >= 1000) terminal.err(`prepared ${event.candidate} in ${(event.ms / 1000).toFixed(1)} s`);
        return;
      case "retry":
        retries += 1;
        if (!terminal.interactive || retries <= 5) {
          terminal.err(paint(terminal, "yellow", `retry ${event.attempt} for ${event.candidate} case ${event.caseId} in ${Math.round(event.delayMs)} ms (${event.code})`));
        }
        return;
      case "warning":
        terminal.err(paint(terminal, "yellow", `warning: ${event.message}`));
        return;
      case "progress": {
        const fraction = event.total > 0 ? event.done / event.total : 1;
        const elapsed = (now - started) / 1000;
        const rate = elapsed > 0 ? (event.done - startDone) / elapsed : 0;
        const remaining = rate > 0 ? (event.total - event.done) / rate : 0;
        const tail = `${event.done}/${event.total} ${rate.toFixed(0)}/s` + (event.errors ? ` errors ${event.errors}` : "") + (event.cached ? ` cached ${event.cached}` : "");
        if (terminal.interactive) {
          const width = 30;
          const filled = Math.round(fraction * width);
          terminal.status(`[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% ${tail} eta ${formatSeconds(remaining)}`);
          return;
        }
        const decile = Math.floor(fraction * 10);
        if (decile > lastDecile || now - lastLineAt > 30_000) {
          lastDecile = decile;
          lastLineAt = now;
          terminal.err(`progress ${(fraction * 100).toFixed(0)}% ${tail}`);
        }
        return;
      }
      case "finished":
        terminal.clearStatus();
        terminal.err(`run ${event.runId} ${event.status}: ${event.done}/${event.total} results in ${formatSeconds((now - started) / 1000)}`);
        return;
    }
  };
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}
