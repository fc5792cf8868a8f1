import type { TokenCounterV1 } from "../../spec/token-counter.js";

/**
 * A stand-in TokenCounterV1 for tests: one token per white-space separated word, plus 3 per message
 * and 3 per example (the shape of OpenAI's chat overhead). Tests of code that consumes counts use it so
 * they do not depend on a real tokenizer.
 */
export function createWordTokenCounter(): TokenCounterV1 {
  const countText = (text: string): number => text.split(/\s+/).filter((word) => word !== "").length;
  return {
    specificationVersion: "v1",
    encoding: "test-words",
    countText,
    countChat(example) {
      let total = 3;
      for (const message of example.messages) {
        total += 3 + countText(typeof message.content === "string" ? message.content : "");
        if (message.tool_calls) total += countText(JSON.stringify(message.tool_calls));
      }
      if (example.tools) total += countText(JSON.stringify(example.tools));
      return total;
    },
  };
}
