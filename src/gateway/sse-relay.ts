import { StringDecoder } from "node:string_decoder";

export const doneEvent = "data: [DONE]\n\n";

/** What the relay learned from an upstream's event stream. */
export interface RelayedStream {
  /** The usage object of the usage chunk (OpenAI wire shape), when one came. */
  usage: unknown;
  /** The upstream sent `data: [DONE]`: the stream ended cleanly. */
  done: boolean;
  /** The upstream sent an error event (the stream failed). */
  error: unknown;
  /** Concatenated content deltas, kept only when asked (guards, body logging). */
  text: string;
  /** Why the stream is not an OpenAI event stream (an event whose data is not JSON), when it is not. */
  invalid: string | undefined;
  /** Events with data forwarded (or held) so far. */
  events: number;
}

/**
 * Relays an OpenAI server-sent event stream event by event. It picks out the usage chunk (asked for
 * with `stream_options.include_usage` so streamed calls cost the same as plain ones) and drops it when
 * the client did not ask for it, notes `[DONE]`, and optionally gathers the content text.
 */
export class SseRelay {
  readonly state: RelayedStream = { usage: undefined, done: false, error: undefined, text: "", invalid: undefined, events: 0 };
  readonly #decoder = new StringDecoder("utf8");
  readonly #stripUsageChunk: boolean;
  readonly #collectText: boolean;
  readonly #holdDone: boolean;
  readonly #onEvent: ((event: string, contentEnd: number) => void) | undefined;
  #pending = "";
  /** A chunk ended in CR: it may be the first half of a CRLF. */
  #carriageReturn = false;
  #started = false;

  /**
   * `holdDone`: keep `data: [DONE]` back so the caller can still end the stream with an error (a guard
   * that reads the whole text); the caller then writes `doneEvent` itself.
   */
  /** `onEvent`: sees each forwarded event with the length the content text had after it (needs `collectText`). */
  constructor(options: { stripUsageChunk: boolean; collectText: boolean; holdDone?: boolean; onEvent?: (event: string, contentEnd: number) => void }) {
    this.#stripUsageChunk = options.stripUsageChunk;
    this.#collectText = options.collectText;
    this.#holdDone = options.holdDone ?? false;
    this.#onEvent = options.onEvent;
  }

  /**
   * The text to forward for one upstream chunk: only whole events, in order. Lines may end in CRLF, LF
   * or CR (the SSE specification allows all three); events are forwarded with LF.
   */
  push(chunk: Buffer): string {
    const text = this.#pending + this.#normalise(this.#decoder.write(chunk));
    const cut = text.lastIndexOf("\n\n");
    if (cut === -1) {
      this.#pending = text;
      return "";
    }
    this.#pending = text.slice(cut + 2);
    const whole = text.slice(0, cut + 2);
    // Fast path: nothing to look at in this chunk (the first event is always checked to be JSON).
    if (this.state.events > 0 && !this.#collectText && !whole.includes('"usage":{') && !whole.includes("[DONE]") && !whole.includes('"error"') && onlyObjectEvents(whole)) return whole;
    let out = "";
    let start = 0;
    while (start < whole.length) {
      const end = whole.indexOf("\n\n", start);
      const event = whole.slice(start, end + 2);
      start = end + 2;
      if (this.#inspect(event)) {
        out += event;
        this.#onEvent?.(event, this.state.text.length);
      }
    }
    return out;
  }

  /** Whatever is left when the upstream ends (an event without its blank line). */
  end(): string {
    const rest = this.#pending + this.#normalise(this.#decoder.end());
    this.#pending = "";
    if (rest.trim() === "" || !this.#inspect(rest)) return "";
    this.#onEvent?.(rest, this.state.text.length);
    return rest;
  }

  /**
   * Decoded text with CRLF and lone CR turned into LF. A CR at the end of a chunk ends its line at once
   * (so an event ending in CR CR goes out without waiting); an LF that starts the next chunk is then
   * the second half of that CRLF and is dropped.
   */
  #normalise(decoded: string): string {
    let text = decoded;
    if (!this.#started && text !== "") {
      this.#started = true;
      // The specification drops one byte order mark at the start of the stream.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#carriageReturn && text !== "") {
      this.#carriageReturn = false;
      if (text.charCodeAt(0) === 0x0a) text = text.slice(1);
    }
    if (!text.includes("\r")) return text;
    if (text.endsWith("\r")) this.#carriageReturn = true;
    return text.replace(/\r\n?/g, "\n");
  }

  /** Looks at one event; false when it must not be forwarded. */
  #inspect(event: string): boolean {
    const data = dataOf(event);
    // Before the first event with data, nothing is forwarded: a body that is not an event stream (an
    // HTML page) has no data field, and must not reach the client as if it were one.
    if (data === undefined) return this.state.events > 0;
    if (this.state.invalid !== undefined) return false;
    if (data === "[DONE]") {
      this.state.done = true;
      return !this.#holdDone;
    }
    const first = this.state.events === 0;
    this.state.events++;
    if (data.charCodeAt(0) !== 0x7b) {
      this.state.invalid = `an event whose data is not a JSON object (${JSON.stringify(data.slice(0, 60))})`;
      return false;
    }
    const hasUsage = data.includes('"usage":{');
    const hasError = data.includes('"error"');
    if (!first && !hasUsage && !hasError && !this.#collectText) return true;
    let parsed: { usage?: unknown; choices?: { delta?: { content?: unknown } }[]; error?: unknown };
    try {
      parsed = JSON.parse(data) as typeof parsed;
    } catch {
      this.state.invalid = `an event whose data is not JSON (${JSON.stringify(data.slice(0, 60))})`;
      return false;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      this.state.invalid = "an event whose data is not a JSON object";
      return false;
    }
    if (parsed.error !== undefined && parsed.error !== null) this.state.error = parsed.error;
    if (this.#collectText && Array.isArray(parsed.choices)) {
      for (const choice of parsed.choices) {
        const content = choice?.delta?.content;
        if (typeof content === "string") this.state.text += content;
      }
    }
    if (hasUsage && parsed.usage !== undefined && parsed.usage !== null) {
      this.state.usage = parsed.usage;
      // The usage-only chunk has no choices; a client that did not ask for usage never sees it.
      if (this.#stripUsageChunk && Array.isArray(parsed.choices) && parsed.choices.length === 0) return false;
    }
    return true;
  }
}

/** Every event of `whole` is one `data: {` line (the usual OpenAI framing): nothing to check event by event. */
function onlyObjectEvents(whole: string): boolean {
  let start = 0;
  while (start < whole.length) {
    if (!whole.startsWith("data: {", start)) return false;
    const end = whole.indexOf("\n", start);
    if (whole.charCodeAt(end + 1) !== 0x0a) return false;
    start = end + 2;
  }
  return true;
}

/** The data of one event (its `data:` lines joined), or undefined for comments and other fields. */
function dataOf(event: string): string | undefined {
  if (event.startsWith("data: ")) {
    const end = event.indexOf("\n");
    // Almost every OpenAI event is one data line.
    if (end === -1 || event.startsWith("\n", end + 1) || end === event.length - 1) return event.slice(6, end === -1 ? undefined : end).trimEnd();
  }
  const lines: string[] = [];
  for (const line of event.split("\n")) {
    if (line.startsWith("data:")) lines.push(line.slice(line.startsWith("data: ") ? 6 : 5));
  }
  return lines.length === 0 ? undefined : lines.join("\n").trimEnd();
}
