import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetRow } from "./dataset-row.js";
import { readDataset, type ReadDatasetOptions } from "./read-dataset.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tuneops-data-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function rows(options: ReadDatasetOptions): Promise<DatasetRow[]> {
  const result: DatasetRow[] = [];
  for await (const row of readDataset(options)) result.push(row);
  return result;
}

describe("readDataset: JSONL", () => {
  it("reads rows with their lines, skips blank lines and reports bad lines", async () => {
    const path = await file("a.jsonl", '\ufeff{"input":"a","expected":"b"}\n\n{"input": oops}\r\n[1,2]\n   \n{"input":"c"}');
    expect(await rows({ path })).toEqual([
      { line: 1, index: 0, vars: { input: "a", expected: "b" } },
      { line: 3, index: 1, error: expect.stringMatching(/^invalid JSON: /) },
      { line: 4, index: 2, error: "expected an object of fields, got an array" },
      { line: 6, index: 3, vars: { input: "c" } },
    ]);
  });
});

describe("readDataset: CSV", () => {
  it("uses the header row, keeps values as strings, and reports ragged rows by line", async () => {
    const path = await file("a.csv", '\ufeffinput,expected\nhello,world\n\n"multi\nline",x\na,b,c\nonly\n"quoted, comma",5\n');
    expect(await rows({ path })).toEqual([
      { line: 2, index: 0, vars: { input: "hello", expected: "world" } },
      { line: 4, index: 1, vars: { input: "multi\nline", expected: "x" } },
      { line: 6, index: 2, error: "expected 2 columns, got 3" },
      { line: 7, index: 3, error: "expected 2 columns, got 1" },
      { line: 8, index: 4, vars: { input: "quoted, comma", expected: "5" } },
    ]);
  });

  it("reports an unclosed quote instead of dropping the rest silently", async () => {
    const path = await file("b.csv", 'input,expected\nok,1\n"never closed,2\nlater,3\n');
    const result = await rows({ path });
    expect(result[0]).toEqual({ line: 2, index: 0, vars: { input: "ok", expected: "1" } });
    expect(result[1]).toMatchObject({ line: 3, index: 1, error: expect.stringMatching(/Quote Not Closed/) });
  });

  it("rejects a header with duplicate columns", async () => {
    const path = await file("c.csv", "input,input\n1,2\n");
    await expect(rows({ path })).rejects.toMatchObject({ code: "dataset_invalid", message: expect.stringContaining('duplicate column "input"') });
  });
});

describe("readDataset: JSON", () => {
  it("streams a top-level array with the line each element starts on", async () => {
    const path = await file("a.json", '[\n  {"input": "a", "nested": {"x": [1, "]", "\\"}"]}},\n  {"input": \n    "b"},\n  42,\n  {"bad": tru},\n  {"input": "c"}\n]\n');
    expect(await rows({ path })).toEqual([
      { line: 2, index: 0, vars: { input: "a", nested: { x: [1, "]", '"}'] } } },
      { line: 3, index: 1, vars: { input: "b" } },
      { line: 5, index: 2, error: "expected an object of fields, got a number" },
      { line: 6, index: 3, error: expect.stringMatching(/^invalid JSON: /) },
      { line: 7, index: 4, vars: { input: "c" } },
    ]);
  });

  it("places a syntax error on the line inside a multi-line element", async () => {
    const path = await file("b.json", '[{"a": 1,\n  "b": 2\n  "c": 3}]');
    const [row] = await rows({ path });
    expect(row).toMatchObject({ line: 3, error: expect.stringMatching(/^invalid JSON/) });
  });

  it("accepts an empty array and a trailing comma", async () => {
    expect(await rows({ path: await file("c.json", " [ ] ") })).toEqual([]);
    expect(await rows({ path: await file("d.json", '[{"a":1},]') })).toEqual([{ line: 1, index: 0, vars: { a: 1 } }]);
  });

  it("rejects a file that is not an array, or one never closed, with the line", async () => {
    await expect(rows({ path: await file("e.json", '\n{"rows": []}') })).rejects.toMatchObject({
      code: "dataset_invalid",
      location: { line: 2 },
      message: expect.stringContaining("expected a JSON array of rows"),
    });
    await expect(rows({ path: await file("f.json", '[{"a":1},\n{"a":') })).rejects.toMatchObject({
      code: "dataset_invalid",
      message: expect.stringContaining("element starting on line 2 is not closed"),
    });
  });
});

describe("readDataset: YAML", () => {
  it("reads a top-level list item by item with line numbers", async () => {
    const path = await file(
      "a.yaml",
      "# cases\n---\n- input: hello\n  expected: world\n\n- input: |\n    two\n    lines\n  expected: x\n- just a string\n- input: [unclosed\n  expected: y\n-\n  input: last\n",
    );
    expect(await rows({ path })).toEqual([
      { line: 3, index: 0, vars: { input: "hello", expected: "world" } },
      { line: 6, index: 1, vars: { input: "two\nlines\n", expected: "x" } },
      { line: 10, index: 2, error: "expected an object of fields, got a string" },
      { line: 12, index: 3, error: expect.stringMatching(/^invalid YAML: Flow sequence/) },
      { line: 13, index: 4, vars: { input: "last" } },
    ]);
  });

  it("reports an alias to another item's anchor as a bad row and goes on", async () => {
    const path = await file("c.yaml", "- a: &x 1\n- a: *x\n- a: 2\n");
    expect(await rows({ path })).toEqual([
      { line: 1, index: 0, vars: { a: 1 } },
      { line: 2, index: 1, error: expect.stringMatching(/^invalid YAML: .*alias/i) },
      { line: 3, index: 2, vars: { a: 2 } },
    ]);
  });

  it("rejects a file whose top level is not a list", async () => {
    await expect(rows({ path: await file("b.yml", "rows:\n  - a: 1\n") })).rejects.toMatchObject({
      code: "dataset_invalid",
      location: { line: 1 },
    });
  });
});

describe("readDataset: files", () => {
  it("names the supported extensions for an unknown one", async () => {
    await expect(rows({ path: await file("a.xlsx", "") })).rejects.toThrow(/supported: \.jsonl, \.ndjson, \.csv, \.yaml, \.yml, \.json/);
  });

  it("reads with an explicit format whatever the extension", async () => {
    expect(await rows({ path: await file("a.txt", '{"a":1}\n'), format: "jsonl" })).toEqual([{ line: 1, index: 0, vars: { a: 1 } }]);
  });

  it("reports a missing file as not_found", async () => {
    await expect(rows({ path: join(dir, "missing.jsonl") })).rejects.toMatchObject({ code: "not_found" });
    await mkdir(join(dir, "folder.jsonl"));
    await expect(rows({ path: join(dir, "folder.jsonl") })).rejects.toMatchObject({ code: "dataset_invalid" });
  });
});
