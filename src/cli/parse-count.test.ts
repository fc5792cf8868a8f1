import { describe, expect, it } from "vitest";
import { parseCount } from "./parse-count.js";

describe("parseCount", () => {
  it("reads whole numbers in range and names the flag otherwise", () => {
    expect(parseCount({ flag: "--limit", text: "20", min: 1, max: 1000 })).toBe(20);
    for (const text of ["abc", "", "2.5", "-1", "0", "1e3", "1001", "0x10"]) {
      expect(() => parseCount({ flag: "--limit", text, min: 1, max: 1000 })).toThrow(`--limit must be a whole number from 1 to 1000, got "${text}"`);
    }
  });
});
