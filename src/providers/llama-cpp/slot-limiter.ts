/**
 * Admits at most `slots` holders at once, first come first served. A llama.cpp context has a fixed
 * number of sequences, and asking for one more throws, so callers wait here instead.
 */
export class SlotLimiter {
  private free: number;
  private readonly waiting: Array<{ grant: () => void; reject: (reason: unknown) => void }> = [];

  constructor(slots: number) {
    this.free = slots;
  }

  /** Resolves with a release function; rejects with the signal's reason if it aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const release = this.releaser();
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Rejects everyone still waiting (the model is closing). */
  rejectWaiting(reason: unknown): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(reason);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.free += 1;
    };
  }
}
