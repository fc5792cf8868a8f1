import { describe, expect, it } from "vitest";
import { chatTokens, toolOverheadO200k, toolsTokens } from "./chat-token-count.js";
import { tokenCounterFor } from "./token-counter-for.js";

// The example of OpenAI's cookbook "How to count tokens with tiktoken"; it prints 124 prompt tokens
// for gpt-4o-mini (o200k_base) and 129 for gpt-4 (cl100k_base).
const cookbookMessages = [
  { role: "system", content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English." },
  { role: "system", name: "example_user", content: "New synergies will help drive top-line growth." },
  { role: "system", name: "example_assistant", content: "Things working well together will increase revenue." },
  { role: "system", name: "example_user", content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
  { role: "system", name: "example_assistant", content: "Let's talk later when we're less busy about how to do better." },
  { role: "user", content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

/** One token per whitespace-separated word: lets the overheads be computed by hand. */
const countWords = (text: string): number => (text.trim() === "" ? 0 : text.trim().split(/\s+/).length);

describe("tokenCounterFor", () => {
  it("counts chat examples as OpenAI's cookbook does", async () => {
    const mini = await tokenCounterFor("gpt-4o-mini-2024-07-18");
    expect(mini).toMatchObject({ family: "openai-o200k", approximate: false });
    expect(mini.counter.encoding).toBe("o200k_base");
    expect(mini.counter.countChat({ messages: cookbookMessages })).toBe(124);
    const gpt4 = await tokenCounterFor("gpt-4-0613");
    expect(gpt4.counter.encoding).toBe("cl100k_base");
    expect(gpt4.counter.countChat({ messages: cookbookMessages })).toBe(129);
  });
  it("counts plain text with the family's encoding", async () => {
    const { counter } = await tokenCounterFor("ft:gpt-4.1-mini-2025-04-14:acme::x1");
    expect(counter.countText("")).toBe(0);
    expect(counter.countText("hello world")).toBe(2);
  });
  it("says when the count is an approximation", async () => {
    const claude = await tokenCounterFor("claude-sonnet-4-5");
    expect(claude).toMatchObject({ family: "other", approximate: true });
    expect(claude.note).toMatch(/approximation/);
  });
});

describe("chat formatting overhead", () => {
  it("adds 3 per message, 1 per name and 3 for the reply, around every encoded value", () => {
    const example = { messages: [{ role: "user", content: "a b c" }, { role: "assistant", content: "d e", name: "bot" }] };
    // (3 + role 1 + 3 words) + (3 + role 1 + 2 words + name 1 + 1) + 3 priming
    expect(chatTokens({ example, countText: countWords, toolOverhead: toolOverheadO200k })).toBe(7 + 8 + 3);
  });
  it("reads text parts and counts tool calls by name and arguments", () => {
    const example = {
      messages: [
        { role: "user", content: [{ type: "text", text: "one two" }, { type: "image_url", image_url: { url: "x" } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"q": "x y"}' } }] },
      ],
    };
    // (3 + 1 + 2) + (3 + 1 + 0 + name 1 + arguments 3) + 3
    expect(chatTokens({ example, countText: countWords, toolOverhead: toolOverheadO200k })).toBe(6 + 8 + 3);
  });
  it("counts tool definitions with the cookbook's constants", () => {
    const tools = [
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Get the weather.",
          parameters: { type: "object", properties: { unit: { type: "string", description: "The unit.", enum: ["c", "f"] }, city: { type: "string" } } },
        },
      },
    ];
    // 7 + "get_weather:Get the weather" (3 words) + 3 + [3 - 3 + (3 + 1) * 2 + "unit:string:The unit" (2 words)] + [3 + "city:string:" (1)] + 12
    expect(toolsTokens({ tools, countText: countWords, overhead: toolOverheadO200k })).toBe(7 + 3 + 3 + (3 - 3 + 8 + 2) + (3 + 1) + 12);
    expect(toolsTokens({ tools: [], countText: countWords, overhead: toolOverheadO200k })).toBe(0);
  });
});
