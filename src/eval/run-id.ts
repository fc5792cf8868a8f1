import { randomBytes } from "node:crypto";

/** Sortable, readable run ids: `20261127-061530-k3f9`. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(3).toString("hex").slice(0, 4)}`;
}
