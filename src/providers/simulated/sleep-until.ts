import { TuneopsError } from "../../spec/errors.js";

export function abortedError(): TuneopsError {
  return new TuneopsError({ code: "aborted", message: "The simulated call was aborted.", isRetryable: false });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError();
}

/**
 * Waits until `deadline` (a global `performance.now()` reading, ms; the global so fake timers can drive it). Waiting for absolute deadlines rather than
 * chained delays keeps a stream's total latency on target however late each timer fires.
 */
export function sleepUntil(deadline: number, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  const delay = deadline - performance.now();
  if (delay <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delay);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
