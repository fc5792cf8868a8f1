import { describe, expect, it } from "vitest";
import { checkChatExample } from "./check-chat-example.js";

const codes = (example: unknown): string[] => checkChatExample(example).map((issue) => issue.code);
const weather = { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };

describe("checkChatExample: OpenAI's data-preparation checks", () => {
  it("accepts a plain conversation", () => {
    expect(codes({ messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }, { role: "assistant", content: "Hello." }] })).toEqual([]);
  });

  it("reports each check of the guide by its name", () => {
    expect(codes("text")).toEqual(["data_type"]);
    expect(codes({ prompt: "x" })).toEqual(["example_unrecognized_key", "missing_messages_list"]);
    expect(codes({ messages: [] })).toEqual(["missing_messages_list"]);
    expect(codes({ messages: [{ content: "Hi" }, { role: "assistant", content: "Yo" }] })).toEqual(["message_missing_key"]);
    expect(codes({ messages: [{ role: "user", content: "Hi", extra: 1 }, { role: "assistant", content: "Yo" }] })).toEqual(["message_unrecognized_key"]);
    expect(codes({ messages: [{ role: "human", content: "Hi" }, { role: "assistant", content: "Yo" }] })).toEqual(["unrecognized_role"]);
    expect(codes({ messages: [{ role: "user", content: "" }, { role: "assistant", content: "Yo" }] })).toEqual(["missing_content"]);
    expect(codes({ messages: [{ role: "user", content: 42 }, { role: "assistant", content: "Yo" }] })).toEqual(["missing_content"]);
    expect(codes({ messages: [{ role: "user", content: "Hi" }] })).toEqual(["example_missing_assistant_message"]);
  });

  it("checks per-message weights", () => {
    expect(codes({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Yo", weight: 0.5 }] })).toEqual(["invalid_weight"]);
    expect(codes({ messages: [{ role: "user", content: "Hi", weight: 1 }, { role: "assistant", content: "Yo" }] })).toEqual(["invalid_weight"]);
    expect(codes({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Yo", weight: 0 }] })).toEqual(["no_trained_message"]);
    expect(codes({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Yo", weight: 0 }, { role: "user", content: "?" }, { role: "assistant", content: "Ok", weight: 1 }] })).toEqual([]);
  });

  it("accepts a tool call answered by a tool message, and content parts", () => {
    const example = {
      tools: [weather],
      messages: [
        { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "18C" },
        { role: "assistant", content: "It is 18C." },
      ],
    };
    expect(codes(example)).toEqual([]);
  });

  it("reports malformed tool calls, bad arguments, undefined functions and unknown or missing answers", () => {
    const call = (name: string, args: unknown, id = "call_1") => ({ id, type: "function", function: { name, arguments: args } });
    const issues = checkChatExample({
      tools: [weather],
      messages: [
        { role: "user", content: "Weather?" },
        { role: "assistant", tool_calls: [call("get_weather", "{city: Paris}"), call("get_time", "{}", "call_2"), { id: "x" }] },
        { role: "tool", tool_call_id: "call_9", content: "?" },
        { role: "assistant", content: "Done." },
      ],
    });
    expect(issues.map((issue) => [issue.code, issue.field])).toEqual([
      ["tool_call_arguments_not_json", "messages[1].tool_calls[0].function.arguments"],
      ["tool_call_undefined_function", "messages[1].tool_calls[1].function.name"],
      ["invalid_tool_call", "messages[1].tool_calls[2]"],
      ["tool_message_unknown_id", "messages[2].tool_call_id"],
      ["tool_call_unanswered", undefined],
      ["tool_call_unanswered", undefined],
    ]);
  });

  it("reports a tool call when the example defines no tools, and bad tool definitions", () => {
    const call = { id: "c", type: "function", function: { name: "f", arguments: "{}" } };
    expect(codes({ messages: [{ role: "user", content: "x" }, { role: "assistant", tool_calls: [call] }] })).toEqual(["tool_call_undefined_function"]);
    expect(codes({ tools: [{ name: "f" }], messages: [{ role: "user", content: "x" }, { role: "assistant", content: "y" }] })).toEqual(["invalid_tools"]);
  });
});
