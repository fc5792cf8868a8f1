import { describe, expect, it } from "vitest";
import { factualityFromText, factualityVerdict, pairwiseFromText, pairwiseVerdict, politicalLeanFromText, politicalLeanVerdict, rubricFromText, rubricVerdict } from "./judge-verdicts.js";
import { findJsonObjects, parseVerdict } from "./parse-verdict.js";

describe("findJsonObjects", () => {
  it("finds objects in prose and fences, with braces inside strings", () => {
    const text = 'Thinking {not json} first.\n```json\n{"reason": "uses {braces} and \\"quotes\\"", "grade": 4}\n```\nthen {"grade": 2}';
    expect(findJsonObjects(text)).toEqual([{ reason: 'uses {braces} and "quotes"', grade: 4 }, { grade: 2 }]);
  });

  it("lower-cases keys and ignores arrays and unbalanced braces", () => {
    expect(findJsonObjects('[1, 2] {"Grade": 3, "Reason": "ok"} {"open": ')).toEqual([{ grade: 3, reason: "ok" }]);
  });

  it("finds nothing in text without objects", () => {
    expect(findJsonObjects("no verdict here")).toEqual([]);
  });
});

describe("parseVerdict", () => {
  it("takes the last object that validates", () => {
    const text = '{"reason": "first try", "grade": 2}\nOn reflection: {"reason": "final", "grade": 4} {"note": "not a verdict"}';
    expect(parseVerdict({ text, verdict: rubricVerdict })).toEqual({ ok: true, verdict: { reason: "final", grade: 4 } });
  });

  it("coerces a grade written as a string and tolerates a missing reason", () => {
    expect(parseVerdict({ text: '{"grade": " 5 "}', verdict: rubricVerdict })).toEqual({ ok: true, verdict: { reason: "", grade: 5 } });
  });

  it("falls back to text patterns", () => {
    const result = parseVerdict({ text: "The answer covers most points.\nScore: 4", verdict: rubricVerdict, fromText: rubricFromText });
    expect(result).toEqual({ ok: true, verdict: { reason: "The answer covers most points. Score: 4", grade: 4 } });
  });

  it("explains why nothing could be read", () => {
    expect(parseVerdict({ text: "I cannot decide.", verdict: rubricVerdict, fromText: rubricFromText })).toEqual({ ok: false, problem: "no JSON object in the reply" });
    const invalid = parseVerdict({ text: '{"reason": "x", "grade": "high"}', verdict: rubricVerdict, fromText: rubricFromText });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.problem).toMatch(/^the JSON verdict is invalid \(grade: /);
  });
});

describe("verdict normalisation and text patterns", () => {
  it("reads factuality choices", () => {
    expect(factualityVerdict.parse({ reason: "r", choice: "(c)" }).choice).toBe("C");
    expect(factualityFromText("Both say Paris.\n[[E]]")?.["choice"]).toBe("E");
    expect(factualityFromText("Reasoning... Answer: (D)")?.["choice"]).toBe("D");
    expect(factualityFromText("the answer contradicts it")).toBeUndefined();
    expect(factualityVerdict.safeParse({ reason: "r", choice: "F" }).success).toBe(false);
  });

  it("reads pairwise winners, MT-Bench's [[C]] as a tie", () => {
    expect(pairwiseVerdict.parse({ winner: "b" }).winner).toBe("B");
    expect(pairwiseVerdict.parse({ winner: "Tie" }).winner).toBe("tie");
    expect(pairwiseFromText("A is longer but B is right. [[B]]")?.["winner"]).toBe("B");
    expect(pairwiseVerdict.parse(pairwiseFromText("Equally good. [[C]]")).winner).toBe("tie");
    expect(pairwiseFromText("Verdict: A")?.["winner"]).toBe("A");
  });

  it("reads political lean labels in either spelling", () => {
    expect(politicalLeanVerdict.parse({ lean: "Center Left" }).lean).toBe("centre-left");
    expect(politicalLeanVerdict.parse({ lean: "not political" }).lean).toBe("not-political");
    expect(politicalLeanVerdict.parse(politicalLeanFromText("Mostly facts.\nLean: center-right")).lean).toBe("centre-right");
    expect(politicalLeanVerdict.safeParse({ lean: "libertarian" }).success).toBe(false);
  });
});
