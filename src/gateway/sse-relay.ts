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
}

/**
 * Relays an OpenAI server-sent event stream event by event. It picks out the usage chunk (asked for
 * with `stream_options.include_usage` so streamed calls cost the same as plain ones) and drops it when
 * the client did not ask for it, notes `[DONE]`, and optionally gathers the content text.
 */
export class SseRelay {
  readonly state: RelayedStream = { usage: undefined, done: false, error: undefined, text: "" };
  readonly #decoder = new StringDecoder("utf8");
  readonly #stripUsageChunk: boolean;
  readonly #collectText: boolean;
  readonly #holdDone: boolean;
  #pending = "";

  /**
   * `holdDone`: keep `data: [DONE]` back so the caller can still end the stream with an error (a guard
   * that reads the whole text); the caller then writes `doneEvent` itself.
   */
  constructor(options: { stripUsageChunk: boolean; collectText: boolean; holdDone?: boolean }) {
    this.#stripUsageChunk = options.stripUsageChunk;
    this.#collectText = options.collectText;
    this.#holdDone = options.holdDone ?? false;
  }

  /** The text to forward for one upstream chunk: only whole events, in order. */
  push(chunk: Buffer): string {
    const text = this.#pending + this.#decoder.write(chunk);
    const cut = text.lastIndexOf("\n\n");
    if (cut === -1) {
      this.#pending = text;
      return "";
    }
    this.#pending = text.slice(cut + 2);
    const whole = text.slice(0, cut + 2);
    // Fast path: nothing to look at in this chunk.
    if (!this.#collectText && !whole.includes('"usage":{') && !whole.includes("[DONE]") && !whole.includes('"error"')) return whole;
    let out = "";
    let start = 0;
    while (start < whole.length) {
      const end = whole.indexOf("\n\n", start);
      const event = whole.slice(start, end + 2);
      start = end + 2;
      if (this.#inspect(event)) out += event;
    }
    return out;
  }

  /** Whatever is left when the upstream ends (an event without its blank line). */
  end(): string {
    const rest = this.#pending + this.#decoder.end();
    this.#pending = "";
    if (rest.trim() === "") return "";
    return this.#inspect(rest) ? rest : "";
  }

  /** Looks at one event; false when it must not be forwarded. */
  #inspect(event: string): boolean {
    const data = dataOf(event);
    if (data === undefined) return true;
    if (data === "[DONE]") {
      this.state.done = true;
      return !this.#holdDone;
    }
    const hasUsage = data.includes('"usage":{');
    const hasError = data.includes('"error"');
    if (!hasUsage && !hasError && !this.#collectText) return true;
    let parsed: { usage?: unknown; choices?: { delta?: { content?: unknown } }[]; error?: unknown };
    try {
      parsed = JSON.parse(data) as typeof parsed;
    } catch {
      return true;
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
