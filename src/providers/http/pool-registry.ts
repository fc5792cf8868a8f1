import { Pool } from "undici";

/**
 * One undici `Pool` per origin and connection bound, shared by every model that calls that origin
 * (a candidate and a judge on the same server reuse sockets) and closed when the last one lets go.
 */
interface PoolEntry {
  pool: Pool;
  references: number;
}

const pools = new Map<string, PoolEntry>();

export interface PoolLease {
  readonly pool: Pool;
  /** Gives the lease back; the pool closes with its last lease. Safe to call twice. */
  release(): Promise<void>;
}

export function acquirePool(options: { origin: string; connections: number }): PoolLease {
  const key = `${options.origin}#${options.connections}`;
  let entry = pools.get(key);
  if (!entry) {
    entry = {
      pool: new Pool(options.origin, {
        connections: options.connections,
        // One request per socket at a time: a slow generation must never hold up the next one.
        pipelining: 1,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
      }),
      references: 0,
    };
    pools.set(key, entry);
  }
  entry.references++;
  const held = entry;
  let released = false;
  return {
    pool: held.pool,
    async release() {
      if (released) return;
      released = true;
      held.references--;
      if (held.references > 0) return;
      if (pools.get(key) === held) pools.delete(key);
      await held.pool.close();
    },
  };
}
