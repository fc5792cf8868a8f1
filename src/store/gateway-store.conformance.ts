import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GatewayStore, RequestLogRecord } from "../spec/gateway-store.js";

export function logRow(id: string, patch: Partial<RequestLogRecord> = {}): RequestLogRecord {
  return {
    id,
    createdAt: 1_000,
    endpoint: "/v1/chat/completions",
    route: "gpt",
    target: "primary",
    model: "mock-model",
    status: 200,
    keyName: null,
    stream: false,
    latencyMs: 12.5,
    ttftMs: null,
    overheadMs: 0.2,
    inputTokens: 10,
    outputTokens: 5,
    breakdown: { cacheReadTokens: 2 },
    costUsd: 0.001,
    cacheHit: false,
    attempts: 1,
    guardActions: [{ guard: "pii", action: "redacted", detail: "email" }],
    error: null,
    requestBody: null,
    responseBody: null,
    ...patch,
  };
}

/** The GatewayStore contract, run against SQLite and PostgreSQL. */
export function describeGatewayStoreConformance(dialect: string, open: () => Promise<GatewayStore>): void {
  describe(`gateway store (${dialect})`, () => {
    let store: GatewayStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it("writes log rows once, lists newest first and keeps every field", async () => {
      await store.insertRequests([logRow("a", { createdAt: 1 }), logRow("b", { createdAt: 2, stream: true, ttftMs: 3, keyName: "team" })]);
      await store.insertRequests([logRow("a", { createdAt: 1, status: 500 })]);
      const listed = await store.listRequests({ limit: 10 });
      expect(listed.map((row) => row.id)).toEqual(["b", "a"]);
      expect(listed[1]).toEqual({ ...logRow("a", { createdAt: 1 }), feedback: [] });
      expect(listed[0]?.stream).toBe(true);
      expect(listed[0]?.keyName).toBe("team");
    });

    it("lists requests narrowed by route, key, status range, time and text in any case", async () => {
      await store.insertRequests([
        logRow("a", { createdAt: 10, route: "chat", keyName: "team", status: 200, requestBody: '{"q":"Where is PARIS?"}' }),
        logRow("b", { createdAt: 20, route: "chat", keyName: "team", status: 429, error: "budget_exceeded" }),
        logRow("c", { createdAt: 30, route: "embed", keyName: "other", status: 401, error: "invalid_api_key" }),
        logRow("d", { createdAt: 40, route: "chat", keyName: null, status: 502, responseBody: "100%_sure" }),
      ]);
      const ids = async (filter: Parameters<GatewayStore["listRequests"]>[0]): Promise<string[]> => (await store.listRequests(filter)).map((row) => row.id);
      expect(await ids({ route: "chat" })).toEqual(["d", "b", "a"]);
      expect(await ids({ keyName: "team" })).toEqual(["b", "a"]);
      expect(await ids({ status: { min: 400, max: 499 } })).toEqual(["c", "b"]);
      expect(await ids({ since: 20, until: 40 })).toEqual(["c", "b"]);
      expect(await ids({ search: "paris" })).toEqual(["a"]);
      expect(await ids({ search: "BUDGET" })).toEqual(["b"]);
      // LIKE's wildcards are searched as text.
      expect(await ids({ search: "0%_s" })).toEqual(["d"]);
      expect(await ids({ search: "%" })).toEqual(["d"]);
      expect(await ids({ route: "chat", keyName: "team", status: { min: 200, max: 200 } })).toEqual(["a"]);
      expect(await ids({ limit: 1, route: "chat" })).toEqual(["d"]);
    });

    it("writes a batch larger than one statement", async () => {
      const rows = Array.from({ length: 2_500 }, (_, index) => logRow(`r${index}`, { createdAt: index }));
      await store.insertRequests(rows);
      expect((await store.listRequests({ limit: 10_000 })).length).toBe(2_500);
    });

    it("scans requests oldest first across pages, filtered by route, endpoint and time, with feedback", async () => {
      const rows = Array.from({ length: 1_203 }, (_, index) => logRow(`r${String(index).padStart(4, "0")}`, { createdAt: 100 + Math.floor(index / 2), route: index % 3 === 0 ? "other" : "gpt" }));
      await store.insertRequests(rows);
      await store.insertFeedback({ id: "f1", requestId: "r0001", score: 1, label: null, comment: null, createdAt: 5 });
      const scanned = [];
      for await (const row of store.scanRequests({ route: "gpt", since: 100, until: 700 })) scanned.push(row);
      const expected = rows.filter((row) => row.route === "gpt" && row.createdAt < 700);
      expect(scanned.map((row) => row.id)).toEqual(expected.map((row) => row.id));
      expect(scanned[0]?.feedback.map((feedback) => feedback.id)).toEqual(["f1"]);
      let embeddings = 0;
      for await (const _row of store.scanRequests({ endpoint: "/v1/embeddings" })) embeddings++;
      expect(embeddings).toBe(0);
    });

    it("joins feedback with its request", async () => {
      await store.insertRequests([logRow("a")]);
      await store.insertFeedback({ id: "f1", requestId: "a", score: 1, label: "good", comment: "nice", createdAt: 5 });
      await store.insertFeedback({ id: "f2", requestId: "a", score: 0, label: null, comment: null, createdAt: 6 });
      await store.insertFeedback({ id: "f3", requestId: "a", score: 0.4, thumbs: "up", label: null, comment: null, createdAt: 7 });
      const request = await store.getRequest("a");
      expect(request?.feedback.map((feedback) => [feedback.id, feedback.score, feedback.thumbs, feedback.label])).toEqual([
        ["f1", 1, null, "good"],
        ["f2", 0, null, null],
        ["f3", 0.4, "up", null],
      ]);
      expect(await store.getRequest("missing")).toBeUndefined();
    });

    it("deletes old rows and their feedback under the retention policy", async () => {
      await store.insertRequests([logRow("old", { createdAt: 10 }), logRow("new", { createdAt: 100 })]);
      await store.insertFeedback({ id: "f", requestId: "old", score: 1, label: null, comment: null, createdAt: 11 });
      expect(await store.deleteRequestsBefore(50)).toBe(1);
      expect((await store.listRequests()).map((row) => row.id)).toEqual(["new"]);
    });

    it("sums spend per key since a time", async () => {
      await store.insertRequests([
        logRow("a", { keyName: "k", costUsd: 0.5, createdAt: 10 }),
        logRow("b", { keyName: "k", costUsd: 0.25, createdAt: 20 }),
        logRow("c", { keyName: "k", costUsd: 4, createdAt: 1 }),
        logRow("d", { keyName: null, costUsd: 9, createdAt: 20 }),
      ]);
      expect([...(await store.spendByKeySince(5))]).toEqual([["k", 0.75]]);
    });

    it("stores virtual keys by name, hashed", async () => {
      const key = { name: "team", sha256: "a".repeat(64), requestsPerMinute: 10, tokensPerMinute: null, budgetUsdPerDay: 1.5, budgetUsdPerMonth: null, expiresAt: null, routes: null, models: null, admin: false, createdAt: 7 };
      await store.upsertVirtualKey(key);
      await store.upsertVirtualKey({ ...key, requestsPerMinute: 20, createdAt: 8 });
      expect(await store.listVirtualKeys()).toEqual([{ ...key, requestsPerMinute: 20 }]);
      const scoped = { ...key, name: "scoped", sha256: "b".repeat(64), expiresAt: 1_900_000_000_000, routes: ["chat", "*"], models: ["gpt-4o"], admin: true };
      await store.upsertVirtualKey(scoped);
      expect(await store.listVirtualKeys()).toEqual([scoped, { ...key, requestsPerMinute: 20 }]);
      expect(await store.deleteVirtualKey("scoped")).toBe(true);
      expect(await store.deleteVirtualKey("team")).toBe(true);
      expect(await store.deleteVirtualKey("team")).toBe(false);
    });
  });
}
