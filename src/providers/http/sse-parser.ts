/**
 * A Server-Sent Events parser (WHATWG "event stream" interpretation) that works on decoded text
 * chunks of any size: lines end in `\n`, `\r\n` or `\r` (a `\r` at the end of a chunk may be half of a
 * `\r\n` split across chunks), several `data:` lines join with `\n`, lines starting with `:` are
 * comments, and an event is dispatched on a blank line. Interpreting `data` (`[DONE]`, JSON) is the
 * caller's job.
 */
export interface SseEvent {
  /** The `event:` field; `message` when absent. */
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private eventName = "";
  private lastId: string | undefined;
  /** The previous chunk ended in `\r`: a leading `\n` of the next chunk belongs to it. */
  private pendingCarriageReturn = false;

  /** Feeds decoded text; returns the events completed by it. */
  push(chunk: string): SseEvent[] {
    if (chunk.length === 0) return [];
    let text = chunk;
    if (this.pendingCarriageReturn && text.charCodeAt(0) === 10) text = text.slice(1);
    this.pendingCarriageReturn = false;
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    const buffer = this.buffer;
    const length = buffer.length;
    for (let index = 0; index < length; index++) {
      const code = buffer.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      this.processLine(buffer.slice(start, index), events);
      if (code === 13) {
        if (index + 1 < length) {
          if (buffer.charCodeAt(index + 1) === 10) index++;
        } else {
          this.pendingCarriageReturn = true;
        }
      }
      start = index + 1;
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    return events;
  }

  /**
   * Ends the stream. Per the specification an event not terminated by a blank line is discarded;
   * returns whether such an incomplete event was pending (a hint that the stream was cut).
   */
  end(): { incomplete: boolean } {
    const incomplete = this.buffer.length > 0 || this.data.length > 0;
    this.buffer = "";
    this.data = [];
    this.eventName = "";
    return { incomplete };
  }

  private processLine(line: string, events: SseEvent[]): void {
    if (line.length === 0) {
      if (this.data.length > 0) {
        const event: SseEvent = { event: this.eventName || "message", data: this.data.join("\n") };
        if (this.lastId !== undefined) event.id = this.lastId;
        events.push(event);
      }
      this.data = [];
      this.eventName = "";
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ":" comment, used as keep-alive by some servers
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case "data":
        this.data.push(value);
        break;
      case "event":
        this.eventName = value;
        break;
      case "id":
        if (!value.includes("\0")) this.lastId = value;
        break;
      default:
        // `retry` and unknown fields are ignored: reconnection is the runner's business.
        break;
    }
  }
}
