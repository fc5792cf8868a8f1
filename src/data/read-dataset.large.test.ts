import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRowError } from "./dataset-row.js";
import { readDataset } from "./read-dataset.js";

const rowCount = 100_000;
const padding = "lorem ipsum dolor sit amet ".repeat(4);

// A full collection before each heap sample measures what is live, not garbage waiting for collection.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function liveHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

let dir: string;

async function writeLines(path: string, lines: (index: number) => string, header?: string): Promise<void> {
  const out = createWriteStream(path);
  if (header !== undefined) out.write(`${header}\n`);
  for (let start = 0; start < rowCount; start += 5_000) {
    let batch = "";
    for (let index = start; index < Math.min(rowCount, start + 5_000); index++) batch += `${lines(index)}\n`;
    if (!out.write(batch)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Reads every row, sampling the live heap as it goes; returns the count and the largest growth. */
async function readCounting(path: string): Promise<{ rows: number; errors: number; lastLine: number; growth: number }> {
  const baseline = liveHeap();
  let growth = 0;
  let rows = 0;
  let errors = 0;
  let lastLine = 0;
  for await (const row of readDataset({ path })) {
    if (isRowError(row)) errors++;
    else rows++;
    lastLine = row.line;
    if ((rows + errors) % 20_000 === 0) growth = Math.max(growth, liveHeap() - baseline);
  }
  return { rows, errors, lastLine, growth };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tuneops-large-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// About 18 MB per file; holding the rows as objects would keep well over that alive.
const heapLimit = 8 * 1024 * 1024;

describe("readDataset streams large files", () => {
  it("reads 100,000 JSONL rows without holding them", async () => {
    const path = join(dir, "large.jsonl");
    await writeLines(path, (index) => JSON.stringify({ id: index, input: `question ${index} ${padding}`, expected: `answer ${index}` }));
    const result = await readCounting(path);
    expect(result).toMatchObject({ rows: rowCount, errors: 0, lastLine: rowCount });
    expect(result.growth).toBeLessThan(heapLimit);
  });

  it("reads 100,000 CSV rows without holding them", async () => {
    const path = join(dir, "large.csv");
    await writeLines(path, (index) => `${index},"question ${index}, ${padding}",answer ${index}`, "id,input,expected");
    const result = await readCounting(path);
    expect(result).toMatchObject({ rows: rowCount, errors: 0, lastLine: rowCount + 1 });
    expect(result.growth).toBeLessThan(heapLimit);
  });

  it("reads a 100,000-element JSON array without holding it", async () => {
    const path = join(dir, "large.json");
    await writeLines(path, (index) => `${index === 0 ? "[" : ","}{"id": ${index}, "input": "question ${index} ${padding}"}${index === rowCount - 1 ? "]" : ""}`);
    const result = await readCounting(path);
    expect(result).toMatchObject({ rows: rowCount, errors: 0, lastLine: rowCount });
    expect(result.growth).toBeLessThan(heapLimit);
  });
});
