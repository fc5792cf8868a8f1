/** One element of a top-level JSON array, as raw text with the line it starts on. */
export interface JsonArrayElement {
  text: string;
  /** 1-based line of the element's first character. */
  line: number;
}

/** A problem with the file's structure (not one element's content), with where it was found. */
export class JsonStructureError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "JsonStructureError";
  }
}

const space = new Set([0x20, 0x0a, 0x0d, 0x09, 0xfeff]);
const newline = 0x0a;

type State = "before-array" | "first-element" | "element-start" | "in-element" | "after-array";

/**
 * Splits a top-level JSON array into its elements as chunks arrive, so a file of 100,000 rows is never
 * held whole: only the element being read is kept. It tracks strings (with escapes) and nesting depth
 * to find the commas and the closing bracket that belong to the array itself; each element's text is
 * then parsed on its own by the caller, so one bad element is one bad row.
 */
export class JsonArraySplitter {
  private state: State = "before-array";
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: string[] = [];
  private elementLine = 0;

  /** Feeds the next chunk of text; returns the elements it completed. */
  push(chunk: string): JsonArrayElement[] {
    const elements: JsonArrayElement[] = [];
    let start = this.state === "in-element" ? 0 : -1;
    for (let position = 0; position < chunk.length; position++) {
      const code = chunk.charCodeAt(position);
      if (this.state === "in-element") {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (code === 0x5c) this.escaped = true;
          else if (code === 0x22) this.inString = false;
          else if (code === newline) this.line++;
          continue;
        }
        if (code === 0x22) this.inString = true;
        else if (code === 0x7b || code === 0x5b) this.depth++;
        else if (code === newline) this.line++;
        else if ((code === 0x2c || code === 0x5d) && this.depth === 0) {
          // A comma or the closing bracket at depth 0 ends the element.
          this.parts.push(chunk.slice(start, position));
          elements.push({ text: this.parts.join("").trim(), line: this.elementLine });
          this.parts = [];
          this.state = code === 0x2c ? "element-start" : "after-array";
          start = -1;
        } else if (code === 0x7d || code === 0x5d) this.depth = Math.max(0, this.depth - 1);
        continue;
      }
      if (code === newline) {
        this.line++;
        continue;
      }
      if (space.has(code)) continue;
      if (this.state === "before-array") {
        if (code !== 0x5b) {
          throw new JsonStructureError(`expected a JSON array of rows ([ {...}, {...} ]), found "${chunk[position]}"`, this.line);
        }
        this.state = "first-element";
      } else if (this.state === "after-array") {
        throw new JsonStructureError(`unexpected "${chunk[position]}" after the array's closing "]"`, this.line);
      } else if (code === 0x5d) {
        // `[]`, or a trailing comma before `]`: nothing to read, nothing lost.
        this.state = "after-array";
      } else if (code === 0x2c) {
        throw new JsonStructureError("empty element (two commas in a row)", this.line);
      } else {
        this.state = "in-element";
        this.depth = 0;
        this.elementLine = this.line;
        start = position;
        position--;
      }
    }
    if (this.state === "in-element" && start >= 0) this.parts.push(chunk.slice(start));
    return elements;
  }

  /** Call at end of input: throws when the array was never opened or never closed. */
  end(): void {
    if (this.state === "before-array") throw new JsonStructureError("the file is empty; expected a JSON array of rows", this.line);
    if (this.state !== "after-array") {
      const where = this.state === "in-element" ? `; the element starting on line ${this.elementLine} is not closed` : "";
      throw new JsonStructureError(`unexpected end of file: the array is not closed with "]"${where}`, this.line);
    }
  }
}
