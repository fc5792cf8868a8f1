import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatTrainingExample, CuratedDataset } from "../finetune/datasets/curate-examples.js";
import { describeWritten, examplesForOneValidation, writeCuratedDataset, type CurationFlags } from "./dataset-output.js";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const example = (index: number): ChatTrainingExample => ({ messages: [{ role: "user", content: `q${index}` }, { role: "assistant", content: `a${index}` }] });
const dataset = (train: number, validation: number): CuratedDataset => ({
  train: Array.from({ length: train }, (_, index) => example(index)),
  validation: Array.from({ length: validation }, (_, index) => example(100 + index)),
  duplicates: 0,
  redactedExamples: 0,
  redactedEntities: {},
});

function flagsIn(patch: Partial<CurationFlags> = {}): CurationFlags {
  const folder = mkdtempSync(join(tmpdir(), "tuneops-dataset-"));
  folders.push(folder);
  return { out: join(folder, "train.jsonl"), validationShare: "0.1", seed: "1", redact: "all", dedupe: true, ...patch };
}

describe("writeCuratedDataset", () => {
  it("writes the validation file that its message names", async () => {
    const flags = flagsIn();
    const written = await writeCuratedDataset(flags, dataset(9, 1));
    const path = flags.out.replace(/\.jsonl$/, "-validation.jsonl");
    expect(written.validation).toEqual({ path, examples: 1 });
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(1);
    expect(describeWritten(written, dataset(9, 1))).toContain(`1 validation (${path})`);
  });

  it("says why no validation file was written and how many examples one needs", async () => {
    const flags = flagsIn();
    const written = await writeCuratedDataset(flags, dataset(4, 0));
    expect(written.validation).toBeNull();
    expect(written.noValidation?.examplesNeeded).toBe(5);
    const message = describeWritten(written, dataset(4, 0));
    expect(message).toContain("no validation file (4 example(s) at --validation-share 0.1 hold none out; 5 are needed");
    expect(existsSync(flags.out.replace(/\.jsonl$/, "-validation.jsonl"))).toBe(false);
  });

  it("names a validation file left from an earlier run instead of passing it off as this one", async () => {
    const flags = flagsIn();
    const stale = flags.out.replace(/\.jsonl$/, "-validation.jsonl");
    writeFileSync(stale, "old\n");
    const written = await writeCuratedDataset(flags, dataset(3, 0));
    expect(written.noValidation?.reason).toContain(`${stale} is from an earlier run`);
    expect(readFileSync(stale, "utf8")).toBe("old\n");
  });

  it("says so when the share is 0", async () => {
    const written = await writeCuratedDataset(flagsIn({ validationShare: "0" }), dataset(4, 0));
    expect(written.noValidation).toEqual({ reason: "--validation-share is 0" });
  });
});

describe("examplesForOneValidation", () => {
  it("is the fewest examples whose rounded share is one", () => {
    for (const share of [0.01, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5]) {
      const needed = examplesForOneValidation(share);
      expect(Math.round(needed * share), String(share)).toBe(1);
      expect(Math.round((needed - 1) * share), String(share)).toBe(0);
    }
  });
});
