import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import {
  factualityPrompt,
  fillPrompt,
  judgePrompts,
  pairwisePrompt,
  politicalLeanLabels,
  politicalLeanPrompt,
  rubricPrompt,
  rubricVerdictSchema,
  type JudgePrompt,
} from "./judge-prompts.js";
import { judgePromptsMarkdown, promptsSectionEnd, promptsSectionStart } from "./judge-prompts-markdown.js";
import { factualityVerdict, pairwiseVerdict, politicalLeanVerdict, rubricVerdict } from "./judge-verdicts.js";

const docPath = fileURLToPath(new URL("../../../docs/judges.md", import.meta.url));

describe("judge prompts", () => {
  it("have unique versioned ids", () => {
    const ids = judgePrompts.map((prompt) => prompt.id);
    expect(ids).toEqual(["rubric@1", "factuality@1", "pairwise@1", "political-lean@1"]);
    for (const id of ids) expect(id).toMatch(/^[a-z-]+@\d+$/);
  });

  it("are shown exactly in docs/judges.md", async () => {
    const doc = await readFile(docPath, "utf8");
    const start = doc.indexOf(promptsSectionStart);
    const end = doc.indexOf(promptsSectionEnd);
    expect(start).toBeGreaterThan(-1);
    expect(doc.slice(start, end + promptsSectionEnd.length)).toBe(judgePromptsMarkdown());
    for (const prompt of judgePrompts) {
      expect(doc).toContain(`\`${prompt.id}\``);
      expect(doc).toContain(prompt.system);
      expect(doc).toContain(prompt.user);
    }
  });

  it("name every lean class in the political-lean prompt", () => {
    for (const label of politicalLeanLabels) expect(politicalLeanPrompt.user).toContain(`${label}:`);
  });

  it("fill placeholders in one pass, never expanding case text", () => {
    expect(fillPrompt("A {{case}} B {{output}}", { case: "has {{output}}", output: "x" })).toBe("A has {{output}} B x");
    expect(() => fillPrompt("{{missing}}", {})).toThrow("no value for {{missing}}");
  });

  it("fill every placeholder their scorers provide", () => {
    const values: Record<string, Record<string, string>> = {
      "rubric@1": { case: "c", output: "o", rubric: "r", min: "1", max: "5" },
      "factuality@1": { case: "c", output: "o", reference: "r" },
      "pairwise@1": { case: "c", first: "a", second: "b" },
      "political-lean@1": { case: "c", output: "o" },
    };
    for (const prompt of judgePrompts) expect(fillPrompt(prompt.user, values[prompt.id] ?? {})).not.toMatch(/\{\{\w+\}\}/);
  });
});

describe("verdict schemas", () => {
  const ajv = new Ajv({ strict: false });
  // The rubric's zod verdict accepts any integer: the scorer checks the grade against its own scale.
  const cases: [JudgePrompt, { safeParse(value: unknown): { success: boolean } }, unknown, unknown, boolean][] = [
    [rubricPrompt, rubricVerdict, { reason: "fine", grade: 4 }, { reason: "fine", grade: 6 }, false],
    [factualityPrompt, factualityVerdict, { reason: "same", choice: "C" }, { reason: "same", choice: "F" }, true],
    [pairwisePrompt, pairwiseVerdict, { reason: "better", winner: "tie" }, { reason: "better", winner: "both" }, true],
    [politicalLeanPrompt, politicalLeanVerdict, { reason: "facts", lean: "not-political" }, { reason: "facts", lean: "far-left" }, true],
  ];

  it.each(cases)("accept what the JSON Schema accepts (%#)", (prompt, verdict, valid, invalid, zodRejectsInvalid) => {
    const validate = ajv.compile(prompt.verdictSchema);
    expect(validate(valid)).toBe(true);
    expect(verdict.safeParse(valid).success).toBe(true);
    expect(validate(invalid)).toBe(false);
    expect(verdict.safeParse(invalid).success).toBe(!zodRejectsInvalid);
  });

  it("narrow the rubric grade to the scale", () => {
    const validate = ajv.compile(rubricVerdictSchema({ min: -2, max: 2 }));
    expect(validate({ reason: "", grade: -2 })).toBe(true);
    expect(validate({ reason: "", grade: 3 })).toBe(false);
    expect(validate({ reason: "", grade: 1, extra: true })).toBe(false);
  });
});
