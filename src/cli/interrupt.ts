import type { CliContext } from "./context.js";
import { paint } from "./terminal.js";

/**
 * Runs work that stops cleanly on Ctrl-C or SIGTERM: the first signal aborts (in-flight calls are
 * dropped, finished results flushed, the run marked interrupted); a second one exits at once.
 */
export async function withInterrupt<T>(context: CliContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    context.terminal.err(paint(context.terminal, "yellow", "interrupted: saving finished results (press Ctrl-C again to quit at once)"));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
