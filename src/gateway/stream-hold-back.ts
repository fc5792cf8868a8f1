import type { GatewayHttpError } from "./openai-error.js";

/** What the hold-back lets out now: text to send, or the refusal that ends the stream. */
export interface HoldBackStep {
  release: string;
  blocked: GatewayHttpError | undefined;
}

/**
 * Holds a stream's events back until `window` more characters of content have come after them, and
 * checks the content before anything is let out, so a response guard that blocks stops text before the
 * client sees it. The price is latency: the client sees each piece of content `window` characters
 * late (and the first byte only once `window` characters have come or the stream has ended).
 */
export class StreamHoldBack {
  readonly #window: number;
  readonly #check: (text: string) => GatewayHttpError | undefined;
  readonly #held: { text: string; end: number }[] = [];
  /** Content characters already let out. */
  #released = 0;
  /** Content characters already checked. */
  #checked = 0;

  constructor(options: { window: number; check: (text: string) => GatewayHttpError | undefined }) {
    this.#window = options.window;
    this.#check = options.check;
  }

  /**
   * Takes one event (or several); `content.slice(0, end)` is the whole content up to its end. Only the
   * content from `window` characters before what was released is checked again, so a term cut across
   * two chunks is still seen and a long stream is not rescanned from the start every time.
   */
  push(events: string, content: string, end = content.length): HoldBackStep {
    if (events !== "") this.#held.push({ text: events, end });
    if (end > this.#checked) {
      this.#checked = end;
      const blocked = this.#check(content.slice(Math.max(0, this.#released - this.#window), end));
      if (blocked) return { release: "", blocked };
    }
    return this.#let(end - this.#window);
  }

  /** The stream ended: the whole content is checked once more, then everything held goes out. */
  finish(content: string): HoldBackStep {
    const blocked = this.#check(content);
    if (blocked) return { release: "", blocked };
    return this.#let(Infinity);
  }

  /** Lets out the held events whose content ends at or before `upTo`. */
  #let(upTo: number): HoldBackStep {
    let release = "";
    while (this.#held.length > 0 && (this.#held[0] as { end: number }).end <= upTo) {
      const next = this.#held.shift() as { text: string; end: number };
      release += next.text;
      this.#released = next.end;
    }
    return { release, blocked: undefined };
  }
}
