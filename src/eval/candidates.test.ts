import { describe, expect, it } from "vitest";
import { projectSchema } from "../config/project-schema.js";
import { isTuneopsError } from "../spec/errors.js";
import { expandCandidates } from "./candidates.js";

function project(candidates: unknown[]) {
  return projectSchema.parse({
    project: "p",
    datasets: { d: { path: "d.jsonl" } },
    prompts: { short: "{{ input }}", long: "Answer: {{ input }}" },
    providers: { a: { type: "simulated", params: { temperature: 0.5 } }, b: { type: "simulated" } },
    evals: { s: { dataset: "d", candidates } },
  });
}

describe("expandCandidates", () => {
  it("derives stable ids from provider, prompt and parameter set", () => {
    const config = project([{ providers: ["a", "b"], prompts: ["short", "long"], params_grid: [{ temperature: 0 }, { temperature: 1 }] }]);
    const ids = expandCandidates(config, "s", config.evals["s"]!).map((candidate) => candidate.id);
    expect(ids).toEqual([
      "a.short.p1", "a.short.p2", "a.long.p1", "a.long.p2",
      "b.short.p1", "b.short.p2", "b.long.p1", "b.long.p2",
    ]);
  });

  it("keeps an explicit id and merges provider, candidate and grid parameters in that order", () => {
    const config = project([{ id: "mine", provider: "a", params: { max_tokens: 5 } }]);
    const [candidate] = expandCandidates(config, "s", config.evals["s"]!);
    expect(candidate?.id).toBe("mine");
    expect(candidate?.params).toEqual({ temperature: 0.5, max_tokens: 5 });
  });

  it("refuses two candidates with the same id", () => {
    const config = project([{ provider: "a" }, { provider: "a" }]);
    let thrown: unknown;
    try {
      expandCandidates(config, "s", config.evals["s"]!);
    } catch (error) {
      thrown = error;
    }
    expect(isTuneopsError(thrown) && thrown.code === "config_invalid" && thrown.message.includes('"a"')).toBe(true);
  });
});
