import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SseParser, type SseEvent } from "./sse-parser.js";

function parseAll(chunks: readonly string[]): { events: SseEvent[]; incomplete: boolean } {
  const parser = new SseParser();
  const events = chunks.flatMap((chunk) => parser.push(chunk));
  return { events, ...parser.end() };
}

describe("SseParser", () => {
  it("parses data lines, events, ids and ignores comments and retry", () => {
    const { events, incomplete } = parseAll([": keep-alive\n\nevent: message_start\nid: 7\nretry: 100\ndata: {\"a\":1}\n\ndata: [DONE]\n\n"]);
    expect(events).toEqual([
      { event: "message_start", data: '{"a":1}', id: "7" },
      { event: "message", data: "[DONE]", id: "7" },
    ]);
    expect(incomplete).toBe(false);
  });

  it("joins multi-line data with newlines and keeps a value without the optional space", () => {
    expect(parseAll(["data: first\ndata:second\ndata\n\n"]).events).toEqual([{ event: "message", data: "first\nsecond\n" }]);
  });

  it("handles CRLF and lone CR line ends, including a CRLF split across chunks", () => {
    expect(parseAll(["data: a\r", "", "\n\r", "\ndata: b\r\r"]).events).toEqual([
      { event: "message", data: "a" },
      { event: "message", data: "b" },
    ]);
  });

  it("dispatches nothing for blank lines without data, and reports an unterminated event", () => {
    expect(parseAll(["\n\n\nevent: ping\n\n"]).events).toEqual([]);
    expect(parseAll(["data: cut in the mid"])).toEqual({ events: [], incomplete: true });
  });

  it("gives the same events however the stream is split into chunks", () => {
    const line = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "b", " ", "{", "}", ":", "é", "€") }).map((text) => `data: ${text}`),
      fc.constantFrom("event: delta", ": comment", "id: 1", ""),
    );
    const ending = fc.constantFrom("\n", "\r\n", "\r");
    fc.assert(
      fc.property(fc.array(fc.tuple(line, ending), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const text = `${lines.map(([content, end]) => content + end).join("")}\n\n`;
        const whole = parseAll([text]).events;
        const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let previous = 0;
        for (const position of positions) {
          chunks.push(text.slice(previous, position));
          previous = position;
        }
        chunks.push(text.slice(previous));
        expect(parseAll(chunks).events).toEqual(whole);
      }),
    );
  });
});
