import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import { readCorrections } from "./read-corrections.js";

async function file(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "tuneops-corrections-")), "corrections.jsonl");
  await writeFile(path, text);
  return path;
}

describe("readCorrections", () => {
  it("maps case ids (text or position) to outputs, the later line winning", async () => {
    const path = await file('{"case": "c1", "output": "first"}\n\n{"case": 7, "output": "seven"}\n{"case": "c1", "output": "second"}\n');
    expect([...(await readCorrections(path))]).toEqual([
      ["c1", "second"],
      ["7", "seven"],
    ]);
  });

  it("names the file and line of a bad correction", async () => {
    const path = await file('{"case": "c1", "output": "ok"}\n{"case": "c2", "answer": "wrong key"}\n');
    const error = await readCorrections(path).catch((caught: unknown) => caught);
    expect(isTuneopsError(error) && error.location).toEqual({ file: path, line: 2 });
    expect(String((error as Error).message)).toContain(":2: output:");
    const notJson = await readCorrections(await file("{nope\n")).catch((caught: unknown) => caught);
    expect(String((notJson as Error).message)).toContain(":1: not JSON");
  });
});
