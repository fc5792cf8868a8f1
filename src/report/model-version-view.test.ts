import { describe, expect, it } from "vitest";
import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";
import { changedModelVersions, modelVersionLines, modelVersionMarkdown } from "./model-version-view.js";

function summaryWith(versions: CandidateSummary["model_versions"][]): RunSummary {
  const candidates = versions.map((model_versions, index) => ({ id: `c${index}`, model: "gpt-4o", ...(model_versions ? { model_versions } : {}) }));
  return { candidates } as unknown as RunSummary;
}

describe("model version view", () => {
  it("names candidates answered by two or more versions, with cached counts and advice", () => {
    const summary = summaryWith([[{ version: "fp_b", results: 3, cached: 0 }, { version: "fp_a", results: 1, cached: 1 }], [{ version: "fp_a", results: 4, cached: 0 }], undefined]);
    expect(changedModelVersions(summary).map((entry) => entry.candidate.id)).toEqual(["c0"]);
    const lines = modelVersionLines(summary, { color: false });
    expect(lines).toContain("  c0 (gpt-4o): fp_b: 3 results, fp_a: 1 result (1 cached)");
    expect(lines.join("\n")).toContain("--refresh-cache");
    expect(modelVersionMarkdown(summary)).toMatch(/^## Model version changed\n\n- \*\*c0\*\*/);
  });

  it("shows nothing when every candidate has one version or none", () => {
    const summary = summaryWith([[{ version: "fp_a", results: 4, cached: 4 }], undefined]);
    expect(modelVersionLines(summary, { color: false })).toEqual([]);
    expect(modelVersionMarkdown(summary)).toBeNull();
  });
});
