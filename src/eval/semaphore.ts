/** Bounds work in flight (per provider). FIFO, no allocation when a slot is free. */
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly capacity: number) {
    this.available = capacity;
  }

  /** Resolves when a slot is taken; call `release` exactly once afterwards. */
  acquire(): Promise<void> | undefined {
    if (this.available > 0) {
      this.available -= 1;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.available += 1;
  }

  get inFlight(): number {
    return this.capacity - this.available;
  }
}
