import type { GatewayStore, VirtualKeyRecord } from "../spec/gateway-store.js";
import { bearerToken, KeyRing, type Identified, type VirtualKey } from "./virtual-keys.js";

export interface LiveKeysOptions {
  /** Keys of tuneops.yaml; a stored key of the same name is ignored. */
  configured: readonly VirtualKey[];
  store: Pick<GatewayStore, "listVirtualKeys">;
  /** How often the store is re-read, ms (revocations apply within this). */
  refreshMs: number;
  /**
   * Least time between two re-reads caused by unknown keys, ms: a new key works on its first request
   * (which waits up to this long), and a flood of bad keys costs the store at most one read per interval.
   */
  missRefreshMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export function keyFromRecord(record: VirtualKeyRecord): VirtualKey {
  return {
    name: record.name,
    sha256: record.sha256,
    requestsPerMinute: record.requestsPerMinute ?? undefined,
    tokensPerMinute: record.tokensPerMinute ?? undefined,
    budgetUsdPerDay: record.budgetUsdPerDay ?? undefined,
    budgetUsdPerMonth: record.budgetUsdPerMonth ?? undefined,
    expiresAt: record.expiresAt ?? undefined,
    routes: record.routes ?? undefined,
    models: record.models ?? undefined,
    admin: record.admin,
  };
}

/**
 * The keys in force, kept live: the configured keys plus the store's, re-read every `refreshMs`, on
 * `refresh()` (SIGHUP) and when a request presents a key not yet known. A failed read keeps the keys in
 * force and is reported.
 */
export class LiveKeys {
  readonly ring: KeyRing;
  readonly #options: LiveKeysOptions;
  readonly #now: () => number;
  #reading: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #lastReadStarted = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #missRead: Promise<void> | undefined;

  constructor(options: LiveKeysOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.ring = new KeyRing(options.configured, { now: this.#now });
  }

  get enabled(): boolean {
    return this.ring.enabled;
  }

  /** Re-reads the store now (after a read in progress, so an older read never lands after a newer one). */
  refresh(): Promise<void> {
    if (this.#queued) return this.#queued;
    const previous = this.#reading ?? Promise.resolve();
    const next = previous.then(() => {
      this.#queued = undefined;
      return this.#read();
    });
    this.#queued = next;
    const reading = next.finally(() => {
      if (this.#reading === reading) this.#reading = undefined;
    });
    this.#reading = reading;
    return next;
  }

  async #read(): Promise<void> {
    this.#lastReadStarted = performance.now();
    try {
      const stored = await this.#options.store.listVirtualKeys();
      const configuredNames = new Set(this.#options.configured.map((key) => key.name));
      this.ring.replace([...this.#options.configured, ...stored.filter((record) => !configuredNames.has(record.name)).map(keyFromRecord)]);
    } catch (error) {
      this.#options.onError?.(error);
    }
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.refresh(), this.#options.refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The request's key (re-reading the store once for a key not known yet) and the 401 to answer, if any. */
  async identify(authorization: string | undefined): Promise<Identified> {
    const first = this.ring.identify(authorization);
    if (first.key !== undefined || bearerToken(authorization) === undefined) return first;
    await this.#readForMiss();
    return this.ring.identify(authorization);
  }

  /** One store read for every unknown key seen meanwhile, no sooner than `missRefreshMs` after the last read began. */
  #readForMiss(): Promise<void> {
    if (this.#missRead) return this.#missRead;
    const wait = Math.max(0, (this.#options.missRefreshMs ?? 250) - (performance.now() - this.#lastReadStarted));
    const read = new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => {
      this.#missRead = undefined;
      return this.refresh();
    });
    this.#missRead = read;
    return read;
  }
}
