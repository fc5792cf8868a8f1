import { describe, expect, it } from "vitest";
import { reportedModelVersion } from "./model-version.js";

describe("reportedModelVersion", () => {
  it("keeps a dated model id and a fingerprint", () => {
    expect(reportedModelVersion("gpt-4o-2024-08-06", "fp_7f6be3efb0")).toBe("gpt-4o-2024-08-06 fp_7f6be3efb0");
    expect(reportedModelVersion("claude-3-5-sonnet-20241022", undefined)).toBe("claude-3-5-sonnet-20241022");
    expect(reportedModelVersion("gpt-4o-mini", "fp_mock")).toBe("fp_mock");
  });

  it("reports nothing for an undated id without a fingerprint", () => {
    expect(reportedModelVersion("gpt-4o-mini", null)).toBeUndefined();
    expect(reportedModelVersion("llama3.1:8b", "")).toBeUndefined();
    expect(reportedModelVersion("model-2024", undefined)).toBeUndefined();
    expect(reportedModelVersion(undefined, undefined)).toBeUndefined();
  });
});
