import { describe, expect, it } from "vitest";
import { SseRelay } from "./sse-relay.js";

const chunk = (content: string): string => `data: {"id":"c","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}],"usage":null}\n\n`;
const usage = 'data: {"id":"c","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\n';
const done = "data: [DONE]\n\n";

describe("SseRelay", () => {
  it("forwards whole events only, across chunk and UTF-8 boundaries", () => {
    const relay = new SseRelay({ stripUsageChunk: false, collectText: true });
    const bytes = Buffer.from(chunk("héllo") + chunk(" wörld") + done);
    let out = "";
    for (let index = 0; index < bytes.length; index += 7) out += relay.push(bytes.subarray(index, index + 7));
    out += relay.end();
    expect(out).toBe(bytes.toString("utf8"));
    expect(relay.state.text).toBe("héllo wörld");
    expect(relay.state.done).toBe(true);
  });

  it("takes the usage chunk and strips it when the client did not ask for it", () => {
    const relay = new SseRelay({ stripUsageChunk: true, collectText: false });
    const out = relay.push(Buffer.from(chunk("a") + usage + done));
    expect(out).toBe(chunk("a") + done);
    expect(relay.state.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it("keeps [DONE] back when asked, and notes an upstream error event", () => {
    const relay = new SseRelay({ stripUsageChunk: false, collectText: false, holdDone: true });
    const out = relay.push(Buffer.from(chunk("a") + 'data: {"error":{"message":"overloaded"}}\n\n' + done));
    expect(out).not.toContain("[DONE]");
    expect(relay.state.done).toBe(true);
    expect(relay.state.error).toEqual({ message: "overloaded" });
  });

  it("reports a stream that ended without [DONE]", () => {
    const relay = new SseRelay({ stripUsageChunk: false, collectText: false });
    relay.push(Buffer.from(chunk("a") + 'data: {"id":"c","choi'));
    relay.end();
    expect(relay.state.done).toBe(false);
  });

  for (const [name, newline] of [
    ["CRLF", "\r\n"],
    ["CR", "\r"],
    ["mixed", "\r\n\n"],
  ] as const) {
    it(`parses events whose lines end in ${name}, split at every byte`, () => {
      const events = [chunk("a"), chunk("b"), usage, done].map((event) => event.replace(/\n\n$/, newline === "\r\n\n" ? "\r\n\n" : newline + newline));
      const bytes = Buffer.from(`\ufeff${events.join("")}`);
      const relay = new SseRelay({ stripUsageChunk: true, collectText: true });
      let out = "";
      let afterFirstEvent = "";
      for (let index = 0; index < bytes.length; index++) {
        out += relay.push(bytes.subarray(index, index + 1));
        // The first event goes out as soon as its blank line has come, not at the end of the stream.
        if (index === Buffer.byteLength(`\ufeff${events[0] ?? ""}`) - 1) afterFirstEvent = out;
      }
      out += relay.end();
      expect(afterFirstEvent).toBe(chunk("a"));
      expect(out).toBe(chunk("a") + chunk("b") + done);
      expect(relay.state.text).toBe("ab");
      expect(relay.state.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
      expect(relay.state.done).toBe(true);
    });
  }

  it("holds back a body with no data events and flags data that is not a JSON object", () => {
    const html = new SseRelay({ stripUsageChunk: false, collectText: false });
    expect(html.push(Buffer.from("<html>\n\n<body>502</body>\n\n")) + html.end()).toBe("");
    expect(html.state.events).toBe(0);
    const garbage = new SseRelay({ stripUsageChunk: false, collectText: false });
    expect(garbage.push(Buffer.from(chunk("a")))).toBe(chunk("a"));
    expect(garbage.push(Buffer.from(`data: not json\n\n${chunk("b")}`))).toBe("");
    expect(garbage.state.invalid).toContain("not a JSON object");
  });
});
