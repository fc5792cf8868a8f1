import type { RequestLogRecord } from "../spec/gateway-store.js";

/** Bytes counted for a row beyond its text fields: the numbers, flags and the row's own overhead. */
const rowOverheadBytes = 256;

/** A row's size as the queue counts it: its text fields' lengths plus a fixed overhead (an estimate of its memory and its store size). */
export function logRowBytes(row: RequestLogRecord): number {
  return (
    rowOverheadBytes +
    row.id.length +
    row.endpoint.length +
    row.route.length +
    (row.target?.length ?? 0) +
    (row.model?.length ?? 0) +
    (row.keyName?.length ?? 0) +
    (row.error?.length ?? 0) +
    (row.requestBody?.length ?? 0) +
    (row.responseBody?.length ?? 0) +
    64 * row.guardActions.length +
    (row.breakdown === null ? 0 : 64)
  );
}

export interface LogQueueLimits {
  /** Most rows held. */
  maxRows: number;
  /** Most bytes held (see `logRowBytes`). */
  maxBytes: number;
}

/** What making room cost: bodies removed from rows still queued, and whole rows dropped (oldest first). */
export interface Shed {
  bodies: number;
  rows: number;
}

interface Entry {
  row: RequestLogRecord;
  bytes: number;
}

/**
 * The gateway's log rows waiting for the store, bounded in rows and in bytes. Past a bound it sheds the
 * oldest rows' bodies first (the row keeps its route, status, usage and cost) and only then whole rows,
 * oldest first, so that a long outage costs detail before it costs accounting.
 */
export class LogQueue {
  readonly #limits: LogQueueLimits;
  #entries: Entry[] = [];
  #bytes = 0;
  /** Entries before this index hold no body (where the next shedding of bodies starts). */
  #bodiless = 0;

  constructor(limits: LogQueueLimits) {
    this.#limits = limits;
  }

  get rows(): number {
    return this.#entries.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Appends a row and sheds what the bounds require. */
  push(row: RequestLogRecord): Shed {
    const bytes = logRowBytes(row);
    this.#entries.push({ row, bytes });
    this.#bytes += bytes;
    return this.#shed();
  }

  /** Puts back, at the front, rows taken by `take` that the store refused; sheds what the bounds require. */
  restore(rows: readonly RequestLogRecord[]): Shed {
    const entries = rows.map((row) => ({ row, bytes: logRowBytes(row) }));
    for (const entry of entries) this.#bytes += entry.bytes;
    this.#entries = entries.concat(this.#entries);
    this.#bodiless = 0;
    return this.#shed();
  }

  /** Takes the oldest rows, up to `maxRows` and `maxBytes` (always at least one row when any is queued). */
  take(limits: { maxRows: number; maxBytes: number }): RequestLogRecord[] {
    let count = 0;
    let bytes = 0;
    for (const entry of this.#entries) {
      if (count >= limits.maxRows || (count > 0 && bytes + entry.bytes > limits.maxBytes)) break;
      bytes += entry.bytes;
      count++;
    }
    return this.#removeFront(count).map((entry) => entry.row);
  }

  /** Removes every row (counted by the caller as lost). */
  clear(): number {
    return this.#removeFront(this.#entries.length).length;
  }

  #removeFront(count: number): Entry[] {
    const removed = this.#entries.splice(0, count);
    for (const entry of removed) this.#bytes -= entry.bytes;
    this.#bodiless = Math.max(0, this.#bodiless - count);
    return removed;
  }

  #shed(): Shed {
    const shed: Shed = { bodies: 0, rows: 0 };
    while (this.#bytes > this.#limits.maxBytes && this.#bodiless < this.#entries.length) {
      const entry = this.#entries[this.#bodiless++]!;
      if (entry.row.requestBody === null && entry.row.responseBody === null) continue;
      const row: RequestLogRecord = { ...entry.row, requestBody: null, responseBody: null };
      const bytes = logRowBytes(row);
      this.#bytes += bytes - entry.bytes;
      entry.row = row;
      entry.bytes = bytes;
      shed.bodies++;
    }
    let drop = Math.max(0, this.#entries.length - this.#limits.maxRows);
    let dropBytes = 0;
    for (const entry of this.#entries.slice(0, drop)) dropBytes += entry.bytes;
    while (this.#bytes - dropBytes > this.#limits.maxBytes && drop < this.#entries.length) dropBytes += this.#entries[drop++]!.bytes;
    if (drop > 0) shed.rows = this.#removeFront(drop).length;
    return shed;
  }
}
