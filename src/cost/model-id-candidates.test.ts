import { describe, expect, it } from "vitest";
import { modelIdCandidates } from "./model-id-candidates.js";

describe("modelIdCandidates", () => {
  it("strips dated suffixes and provider prefixes", () => {
    expect(modelIdCandidates("gpt-4o-mini-2024-07-18")).toEqual(["gpt-4o-mini-2024-07-18", "gpt-4o-mini"]);
    expect(modelIdCandidates("claude-sonnet-4-5-20250929")).toEqual(["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"]);
    expect(modelIdCandidates("openai/gpt-4.1")).toEqual(["openai/gpt-4.1", "gpt-4.1"]);
    expect(modelIdCandidates("anthropic/claude-opus-4-1@20250805")).toEqual(["anthropic/claude-opus-4-1@20250805", "anthropic/claude-opus-4-1", "claude-opus-4-1@20250805", "claude-opus-4-1"]);
  });

  it("maps an OpenAI fine-tuned model id to its base model's fine-tuned price", () => {
    expect(modelIdCandidates("ft:gpt-4o-mini-2024-07-18:acme::AbC123")).toEqual(["ft:gpt-4o-mini-2024-07-18:acme::AbC123", "ft:gpt-4o-mini-2024-07-18", "ft:gpt-4o-mini"]);
  });
  it("leaves version numbers that are not dates alone", () => {
    expect(modelIdCandidates("gpt-4.1")).toEqual(["gpt-4.1"]);
    expect(modelIdCandidates("claude-opus-4-5")).toEqual(["claude-opus-4-5"]);
  });
});
