import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows } from "./count-rows.js";
import { datasetFormatFromPath, datasetFormatOf } from "./dataset-format.js";
import { DatasetProblems, formatDatasetProblems } from "./dataset-problems.js";
import { hashFile } from "./hash-file.js";
import { readDataset } from "./read-dataset.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tuneops-helpers-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("datasetFormatFromPath", () => {
  it("maps extensions to formats, ignoring case", () => {
    expect(datasetFormatFromPath("a/b.JSONL")).toBe("jsonl");
    expect(datasetFormatFromPath("x.ndjson")).toBe("jsonl");
    expect(datasetFormatFromPath("x.yml")).toBe("yaml");
    expect(datasetFormatFromPath("x.csv")).toBe("csv");
    expect(datasetFormatFromPath("x.json")).toBe("json");
    expect(datasetFormatOf("x.parquet")).toBeUndefined();
  });

  it("names the supported extensions", () => {
    expect(() => datasetFormatFromPath("data/x.parquet")).toThrow("data/x.parquet: unsupported dataset extension .parquet; supported: .jsonl, .ndjson, .csv, .yaml, .yml, .json");
  });
});

describe("hashFile", () => {
  it("is the sha256 of the bytes", async () => {
    const path = join(dir, "h.txt");
    const content = "x".repeat(200_000);
    await writeFile(path, content);
    expect(await hashFile(path)).toBe(createHash("sha256").update(content).digest("hex"));
  });
});

describe("DatasetProblems", () => {
  it("passes good rows on, keeps bad ones and formats a report", async () => {
    const path = join(dir, "test.csv");
    await writeFile(path, "input,expected\na,b\na,b,c\nd,e\nf\n");
    const problems = new DatasetProblems("data/test.csv");
    const good = [];
    for await (const row of problems.filter(readDataset({ path }))) good.push(row.vars);
    expect(good).toEqual([
      { input: "a", expected: "b" },
      { input: "d", expected: "e" },
    ]);
    expect(problems.count).toBe(2);
    expect(problems.format()).toBe("data/test.csv:3: expected 2 columns, got 3\ndata/test.csv:5: expected 2 columns, got 1");
    const error = problems.toError();
    expect(error).toMatchObject({ code: "dataset_invalid", location: { file: "data/test.csv", line: 3 } });
    expect(error.message).toMatch(/^data\/test\.csv: 2 bad rows\n/);
  });

  it("shortens a long report", () => {
    const problems = Array.from({ length: 5 }, (_, index) => ({ line: index + 1, message: "bad" }));
    expect(formatDatasetProblems({ file: "d.jsonl", problems, max: 2 })).toBe("d.jsonl:1: bad\nd.jsonl:2: bad\n... and 3 more");
  });
});

describe("countRows", () => {
  it("counts good and bad rows", async () => {
    const path = join(dir, "c.jsonl");
    await writeFile(path, '{"a":1}\nnope\n{"a":2}\n\n');
    expect(await countRows({ path })).toEqual({ rows: 2, errors: 1 });
  });
});
