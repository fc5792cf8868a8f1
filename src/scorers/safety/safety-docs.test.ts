import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scoreInput, factoryOptions } from "../testing/score-input.js";
import { ibanLengths } from "./pii-checksums.js";
import { createPiiScorer } from "./pii.js";
import { createSentimentScorer } from "./sentiment.js";
import { toxicityPromptMarkdown, toxicityPromptSectionEnd, toxicityPromptSectionStart } from "./toxicity-prompt-markdown.js";

const doc = readFileSync(fileURLToPath(new URL("../../../docs/safety.md", import.meta.url)), "utf8");

describe("docs/safety.md", () => {
  it("shows the toxicity prompt exactly as sent", () => {
    const start = doc.indexOf(toxicityPromptSectionStart);
    const end = doc.indexOf(toxicityPromptSectionEnd);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(doc.slice(start, end + toxicityPromptSectionEnd.length)).toBe(toxicityPromptMarkdown());
  });

  it("quotes reasons the scorers actually give, and the IBAN table's size", async () => {
    const sentiment = createSentimentScorer({ type: "sentiment", weight: 1 }, factoryOptions("sentiment"));
    const sentimentReason = (await sentiment.score(scoreInput("This is bad, not good at all."))).reason ?? "";
    expect(doc).toContain(`\`${sentimentReason}\``);
    const pii = createPiiScorer({ type: "pii", weight: 1 }, factoryOptions("pii"));
    const piiReason = (await pii.score(scoreInput("Call +44 20 7946 0958 or mail jane@example.com and bob@example.org"))).reason ?? "";
    expect(doc).toContain(`\`${piiReason}\``);
    expect(doc).toContain(`${Object.keys(ibanLengths).length} countries in the table`);
  });
});
