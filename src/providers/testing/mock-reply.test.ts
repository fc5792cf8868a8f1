import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countMockPromptTokens, countMockTokens, defaultMockReply, resolveMockReply, splitIntoDeltas } from "./mock-reply.js";

describe("mock replies", () => {
  it("counts whitespace-separated words and a per-message overhead", () => {
    expect(countMockTokens("  hello   big\nworld ")).toBe(3);
    expect(countMockTokens("")).toBe(0);
    expect(countMockPromptTokens([{ role: "user", content: "a b" }])).toBe(3 + 3 + 2);
  });

  it("splits text into deltas that join back to it, one word each", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", " ", "\n") }), (text) => {
        const deltas = splitIntoDeltas(text);
        expect(deltas.join("")).toBe(text);
        expect(deltas.every((delta) => countMockTokens(delta) <= 1)).toBe(true);
      }),
    );
  });

  it("echoes, calls the first tool on a user turn, and wraps JSON when asked", () => {
    const base = { model: "m", maxTokens: undefined, body: {} };
    expect(defaultMockReply({ ...base, messages: [{ role: "user", content: "hi" }], toolNames: [], json: false })).toBe("hi");
    expect(defaultMockReply({ ...base, messages: [{ role: "user", content: "hi" }], toolNames: [], json: true })).toBe('{"reply":"hi"}');
    expect(defaultMockReply({ ...base, messages: [{ role: "user", content: "hi" }], toolNames: ["find"], json: false })).toEqual({ toolCalls: [{ name: "find", arguments: '{"input":"hi"}' }] });
    expect(defaultMockReply({ ...base, messages: [{ role: "tool", content: "done" }], toolNames: ["find"], json: false })).toBe("done");
  });

  it("truncates at max tokens and reports it", () => {
    expect(resolveMockReply("one two three", 2)).toEqual({ text: "one two", toolCalls: [], outputTokens: 2, truncated: true });
    expect(resolveMockReply("one", 2)).toMatchObject({ truncated: false, outputTokens: 1 });
  });
});
