import { describe, expect, it } from "vitest";
import { formatCount, formatInterval, formatMs, formatPercent, formatPlain, formatRate, formatScore, formatUsd } from "./format.js";

describe("format", () => {
  it("formats percentages with one decimal", () => {
    expect(formatPercent(0.8434)).toBe("84.3%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(null)).toBe("-");
    expect(formatInterval(0.7866, 0.8874, formatPercent)).toBe("[78.7%, 88.7%]");
    expect(formatInterval(null, 0.5, formatPercent)).toBe("-");
  });

  it("formats milliseconds by magnitude", () => {
    expect(formatMs(0.423)).toBe("0.42 ms");
    expect(formatMs(4.23)).toBe("4.2 ms");
    expect(formatMs(420.4)).toBe("420 ms");
    expect(formatMs(1804.2)).toBe("1.80 s");
    expect(formatMs(12_400)).toBe("12.4 s");
    expect(formatMs(125_340)).toBe("2m 05s");
    expect(formatMs(Number.NaN)).toBe("-");
  });

  it("formats dollars with significant digits below a dollar", () => {
    expect(formatUsd(0.000123)).toBe("$0.000123");
    expect(formatUsd(0.0936)).toBe("$0.0936");
    expect(formatUsd(0.5)).toBe("$0.50");
    expect(formatUsd(0.0001)).toBe("$0.0001");
    expect(formatUsd(1234.567)).toBe("$1,234.57");
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(1.23e-9)).toBe("$0.00000000123");
    expect(formatUsd(null)).toBe("-");
  });

  it("formats counts, rates, scores and raw values", () => {
    expect(formatCount(12345)).toBe("12,345");
    expect(formatRate(8.44)).toBe("8.4");
    expect(formatRate(1950.4)).toBe("1,950");
    expect(formatScore(0.87123)).toBe("0.871");
    expect(formatScore(42.25)).toBe("42.3");
    expect(formatPlain(0.84341)).toBe("0.8434");
    expect(formatPlain(2000)).toBe("2000");
  });
});
