import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it("reads seconds to weeks", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("15m")).toBe(900_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration("7d")).toBe(604_800_000);
    expect(parseDuration("2w")).toBe(1_209_600_000);
  });

  it("refuses what is not a positive duration", () => {
    for (const text of ["7", "d", "7 days", "-1d", "0d", "1y", ""]) expect(parseDuration(text)).toBeUndefined();
  });
});
