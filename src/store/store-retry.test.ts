import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../spec/errors.js";
import { isConnectionLost } from "./store-error.js";
import { storeOperation, withStoreRetry } from "./store-retry.js";

function failing(errors: unknown[]): () => Promise<string> {
  return async () => {
    const error = errors.shift();
    if (error !== undefined) throw error;
    return "done";
  };
}

describe("withStoreRetry", () => {
  it("tries again after a lost connection", async () => {
    const lost = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const work = failing([lost, new Error("Connection terminated unexpectedly")]);
    expect(await withStoreRetry(work, { attempts: 3, baseDelayMs: 1 })).toBe("done");
  });

  it("gives up after its attempts, and never repeats a statement the database refused", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    await expect(withStoreRetry(failing([refused, refused, refused]), { attempts: 2, baseDelayMs: 1 })).rejects.toBe(refused);
    const duplicate = Object.assign(new Error("duplicate key value"), { code: "23505" });
    let calls = 0;
    await expect(
      withStoreRetry(async () => {
        calls++;
        throw duplicate;
      }),
    ).rejects.toBe(duplicate);
    expect(calls).toBe(1);
  });

  it("wraps the last error as a retryable store_failed naming the operation", async () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const error = await storeOperation("list runs", failing([reset, reset, reset, reset])).catch((caught: unknown) => caught);
    expect(isTuneopsError(error) && error.code === "store_failed" && error.isRetryable && error.message.includes("list runs")).toBe(true);
  });

  it("tells connection errors from others", () => {
    expect(isConnectionLost(Object.assign(new Error("x"), { code: "08006" }))).toBe(true);
    expect(isConnectionLost(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
    expect(isConnectionLost(new Error("wrapped", { cause: Object.assign(new Error("y"), { code: "57P01" }) }))).toBe(true);
    expect(isConnectionLost(Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }))).toBe(false);
    expect(isConnectionLost("text")).toBe(false);
  });
});
