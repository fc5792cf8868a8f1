import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFileSystemError, readJsonlBatches, readJsonlValues, type JsonlLine } from "./read-jsonl.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tuneops-jsonl-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(path: string, limit = Number.POSITIVE_INFINITY): Promise<JsonlLine[]> {
  const lines: JsonlLine[] = [];
  for await (const line of readJsonlValues(path)) {
    lines.push(line);
    if (lines.length >= limit) break;
  }
  return lines;
}

describe("readJsonlValues", () => {
  it("parses each non-blank line, any JSON value, dropping a byte-order mark and CR endings", async () => {
    const path = join(dir, "values.jsonl");
    await writeFile(path, '\ufeff{"a":1}\r\n\n[1,2]\n  \n"text"\n{oops}\n');
    const lines = await read(path);
    expect(lines.slice(0, 3)).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: [1, 2] },
      { line: 5, value: "text" },
    ]);
    expect(lines[3]).toMatchObject({ line: 6, error: expect.stringMatching(/JSON/) as unknown });
    expect(lines).toHaveLength(4);
  });

  it("stops early without reading the rest", async () => {
    const path = join(dir, "long.jsonl");
    await writeFile(path, Array.from({ length: 1000 }, (_, index) => JSON.stringify({ index })).join("\n"));
    expect(await read(path, 2)).toEqual([
      { line: 1, value: { index: 0 } },
      { line: 2, value: { index: 1 } },
    ]);
  });

  it("throws the system's error for a missing file or a folder, which callers can tell from a bug", async () => {
    for (const path of [join(dir, "missing.jsonl"), dir]) {
      const failure = await read(path).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isFileSystemError(failure)).toBe(true);
    }
    expect(isFileSystemError(new Error("a bug"))).toBe(false);
  });
});

describe("readJsonlBatches", () => {
  it("splits LF, CRLF and lone CR alike, also where a chunk ends between CR and LF", async () => {
    const path = join(dir, "endings.jsonl");
    const lines = Array.from({ length: 40 }, (_, index) => JSON.stringify({ index, pad: "x".repeat(index % 7) }));
    const endings = ["\n", "\r\n", "\r"];
    await writeFile(path, lines.map((text, index) => text + endings[index % 3]).join(""));
    for (const chunkBytes of [1, 2, 3, 5, 16, 1 << 20]) {
      const seen: JsonlLine[] = [];
      for await (const batch of readJsonlBatches(path, { chunkBytes })) seen.push(...batch);
      expect(seen).toEqual(lines.map((text, index) => ({ line: index + 1, value: JSON.parse(text) as unknown })));
    }
  });

  it("reads the same lines as readJsonlValues, blank ones counted but skipped, a last line without an ending kept", async () => {
    const path = join(dir, "mixed.jsonl");
    await writeFile(path, '\ufeff{"a":1}\r\n\r\n[1]\r  \n"last"');
    const seen: JsonlLine[] = [];
    for await (const batch of readJsonlBatches(path, { chunkBytes: 4 })) seen.push(...batch);
    expect(seen).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: [1] },
      { line: 5, value: "last" },
    ]);
  });
});
