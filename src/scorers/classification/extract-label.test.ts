import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import { createLabelExtractor, createLabelNormalizer, normalizeLabelText, parseJsonOutput } from "./extract-label.js";

describe("normalizeLabelText", () => {
  it.each([
    ["  Positive\n", "positive"],
    ["**Positive**.", "positive"],
    ['"negative"', "negative"],
    ["`NEUTRAL`", "neutral"],
    ["> # Spam!", "spam"],
    ["“Not   Spam”", "not spam"],
    ["(a)", "a"],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeLabelText(input)).toBe(expected);
  });

  it("keeps a text made only of symbols rather than emptying it", () => {
    expect(normalizeLabelText(" ?! ")).toBe("?!");
    expect(normalizeLabelText(" +1 ")).toBe("1");
    expect(normalizeLabelText("👍")).toBe("👍");
  });
});

describe("createLabelNormalizer", () => {
  const normalize = createLabelNormalizer(["Positive", "Negative", "Very Positive", "C++", "-1"]);

  it("maps onto the label set's spelling", () => {
    expect(normalize("positive")).toBe("Positive");
    expect(normalize("**NEGATIVE**")).toBe("Negative");
    expect(normalize("very   positive!")).toBe("Very Positive");
  });

  it("keeps labels made of symbols when the text equals them", () => {
    expect(normalize("c++")).toBe("C++");
    expect(normalize(" -1 ")).toBe("-1");
  });

  it("finds the single label that occurs as a whole word", () => {
    expect(normalize("The sentiment is negative.")).toBe("Negative");
    expect(normalize("Answer: POSITIVE")).toBe("Positive");
  });

  it("does not count a label inside a longer matching label", () => {
    expect(normalize("I would say very positive overall")).toBe("Very Positive");
  });

  it("returns the normalised text when several labels or none occur", () => {
    expect(normalize("positive or negative, hard to say")).toBe("positive or negative, hard to say");
    expect(normalize("Mixed.")).toBe("mixed");
  });

  it("ignores labels inside longer words", () => {
    const spam = createLabelNormalizer(["spam", "ham"]);
    expect(spam("spammy content")).toBe("spammy content");
    expect(spam("hamburger")).toBe("hamburger");
    expect(spam("it is ham")).toBe("ham");
  });

  it("without a label set, only normalises", () => {
    expect(createLabelNormalizer()("The answer is Positive")).toBe("the answer is positive");
  });
});

describe("createLabelExtractor", () => {
  it("exact: the trimmed output, null when empty", () => {
    const extract = createLabelExtractor({ extract: "exact", labels: ["positive"] });
    expect(extract(" Positive\n")).toBe("Positive");
    expect(extract("   ")).toBeNull();
  });

  it("normalized: maps onto labels", () => {
    const extract = createLabelExtractor({ extract: "normalized", labels: ["positive", "negative"] });
    expect(extract("**Negative**")).toBe("negative");
    expect(extract("")).toBeNull();
  });

  it("regex: the first capture group, else the whole match, then normalised", () => {
    const group = createLabelExtractor({ extract: "regex", pattern: "Label:\\s*(\\w+)" });
    expect(group("Reasoning... Label: Spam")).toBe("spam");
    expect(group("no label here")).toBeNull();
    const whole = createLabelExtractor({ extract: "regex", pattern: "\\b(?:yes|no)\\b" });
    expect(whole("I think no.")).toBe("no");
  });

  it("regex: /pattern/flags carries its flags and g is harmless", () => {
    const extract = createLabelExtractor({ extract: "regex", pattern: "/label: (\\w+)/gi" });
    expect(extract("LABEL: Ham")).toBe("ham");
    expect(extract("LABEL: Ham")).toBe("ham");
  });

  it("regex: a missing or invalid pattern is config_invalid at the pattern field", () => {
    for (const pattern of [undefined, "(unclosed"]) {
      let thrown: unknown;
      try {
        createLabelExtractor({ extract: "regex", pattern });
      } catch (error) {
        thrown = error;
      }
      expect(isTuneopsError(thrown) && thrown.code === "config_invalid" && thrown.location?.field === "pattern").toBe(true);
    }
  });

  it("json-field: reads a dotted path from plain or fenced JSON", () => {
    const extract = createLabelExtractor({ extract: "json-field", field: "result.label", labels: ["Billing", "Tech"] });
    expect(extract('{"result": {"label": "billing"}}')).toBe("Billing");
    expect(extract('Here you go:\n```json\n{"result": {"label": "TECH", "confidence": 0.9}}\n```')).toBe("Tech");
    expect(extract('Sure! {"result": {"label": "tech"}} Hope that helps.')).toBe("Tech");
    expect(extract('{"result": {}}')).toBeNull();
    expect(extract('{"result": {"label": {"nested": true}}}')).toBeNull();
    expect(extract("not json at all")).toBeNull();
  });

  it("json-field: array indices, numbers and booleans", () => {
    expect(createLabelExtractor({ extract: "json-field", field: "labels.1" })('{"labels": ["a", "B"]}')).toBe("b");
    expect(createLabelExtractor({ extract: "json-field", field: "stars" })('{"stars": 4}')).toBe("4");
    expect(createLabelExtractor({ extract: "json-field", field: "ok" })('{"ok": false}')).toBe("false");
    expect(createLabelExtractor({ extract: "json-field", field: "0" })('["x"]')).toBe("x");
  });

  it("json-field: a missing or malformed path is config_invalid at the field", () => {
    for (const field of [undefined, "a..b"]) {
      let thrown: unknown;
      try {
        createLabelExtractor({ extract: "json-field", field });
      } catch (error) {
        thrown = error;
      }
      expect(isTuneopsError(thrown) && thrown.location?.field === "field").toBe(true);
    }
  });
});

describe("parseJsonOutput", () => {
  it("prefers the whole text, then a fenced block, then the outermost braces", () => {
    expect(parseJsonOutput(' {"a": 1} ')).toEqual({ a: 1 });
    expect(parseJsonOutput('```\n{"a": 2}\n```')).toEqual({ a: 2 });
    expect(parseJsonOutput('text [1, 2] text')).toEqual([1, 2]);
    expect(parseJsonOutput("{broken")).toBeUndefined();
  });
});
