import { describe, expect, it } from "vitest";
import { logRow } from "../store/gateway-store.conformance.js";
import { formatLogTable } from "./commands/logs-command.js";
import { logFilterOf, parseStatusFlag, parseTimeFlag } from "./log-filters.js";

const now = Date.parse("2026-12-01T12:00:00Z");

describe("tuneops logs filters", () => {
  it("read statuses, classes and ranges", () => {
    expect(parseStatusFlag("429")).toEqual({ min: 429, max: 429 });
    expect(parseStatusFlag("4xx")).toEqual({ min: 400, max: 499 });
    expect(parseStatusFlag("500-504")).toEqual({ min: 500, max: 504 });
    expect(() => parseStatusFlag("fail")).toThrow(/--status must be/);
  });

  it("read times as ISO 8601 or durations back from now", () => {
    expect(parseTimeFlag("15m", "--since", now)).toBe(now - 15 * 60_000);
    expect(parseTimeFlag("2h", "--since", now)).toBe(now - 2 * 3_600_000);
    expect(parseTimeFlag("2026-12-01", "--since", now)).toBe(Date.parse("2026-12-01"));
    expect(() => parseTimeFlag("yesterday", "--until", now)).toThrow(/--until must be/);
    expect(() => logFilterOf({ since: "1h", until: "2h" }, now)).toThrow(/--since .* must come before --until/);
  });

  it("map flags to the store's filter", () => {
    expect(logFilterOf({ route: "chat", key: "team", status: "4xx", since: "1d", search: "Paris" }, now)).toEqual({
      route: "chat",
      keyName: "team",
      status: { min: 400, max: 499 },
      since: now - 86_400_000,
      search: "Paris",
    });
  });
});

describe("tuneops logs table", () => {
  it("has a header row and a key column, aligned", () => {
    const lines = formatLogTable([
      { ...logRow("req_a", { keyName: "team", status: 429, error: "budget_exceeded", inputTokens: null }), feedback: [] },
      { ...logRow("req_bb", { keyName: null }), feedback: [] },
    ]);
    expect(lines[0]).toMatch(/^TIME\s+ID\s+STATUS\s+KEY\s+ROUTE -> TARGET\s+LATENCY\s+TOKENS\s+COST\s+NOTES$/);
    expect(lines).toHaveLength(3);
    const keyColumn = lines[0]?.indexOf("KEY") ?? -1;
    expect(lines[1]?.slice(keyColumn, keyColumn + 4)).toBe("team");
    expect(lines[2]?.slice(keyColumn, keyColumn + 1)).toBe("-");
    expect(lines[1]).toContain("budget_exceeded");
  });
});
