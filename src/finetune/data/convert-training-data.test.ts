import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isTuneopsError } from "../../spec/errors.js";
import { convertTrainingData } from "./convert-training-data.js";
import type { TrainingFormat } from "./training-format.js";

const folder = mkdtempSync(join(tmpdir(), "tuneops-convert-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
const write = (rows: readonly object[]): string => {
  const path = join(folder, `in${files++}.jsonl`);
  writeFileSync(path, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
  return path;
};
const read = (path: string): unknown[] => readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as unknown);
async function convert(input: string, to: TrainingFormat): Promise<unknown[]> {
  const output = join(folder, `out${files++}.jsonl`);
  await convertTrainingData({ input, output, to });
  return read(output);
}

const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
const openai = {
  input: { messages: [{ role: "system", content: "Be kind." }, { role: "user", content: "Hi" }], tools },
  preferred_output: [{ role: "assistant", content: "Hello!" }],
  non_preferred_output: [{ role: "assistant", content: "What?" }],
};

describe("convertTrainingData", () => {
  it("round-trips OpenAI preference pairs through TRL's conversational format", async () => {
    const trl = await convert(write([openai]), "trl-preference");
    expect(trl).toEqual([{ prompt: openai.input.messages, chosen: openai.preferred_output, rejected: openai.non_preferred_output, tools }]);
    const back = await convert(write(trl as object[]), "openai-preference");
    expect(back).toEqual([openai]);
  });

  it("reads TRL's plain-text pairs and writes them back as text", async () => {
    const plain = { prompt: "2+2?", chosen: "4", rejected: "5" };
    const asOpenai = await convert(write([plain]), "openai-preference");
    expect(asOpenai).toEqual([{ input: { messages: [{ role: "user", content: "2+2?" }] }, preferred_output: [{ role: "assistant", content: "4" }], non_preferred_output: [{ role: "assistant", content: "5" }] }]);
    expect(await convert(write([plain]), "trl-preference")).toEqual([plain]);
  });

  it("turns preference pairs into chat examples on their chosen reply", async () => {
    expect(await convert(write([openai]), "openai-chat")).toEqual([{ messages: [...openai.input.messages, ...openai.preferred_output], tools }]);
  });

  it("refuses chat to preference, naming the line, and writes nothing", async () => {
    const output = join(folder, "never.jsonl");
    const input = write([{ messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }]);
    const failure = await convertTrainingData({ input, output, to: "trl-preference" }).catch((error: unknown) => error);
    expect(isTuneopsError(failure) && failure.message).toContain(`${input}:1`);
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.partial`)).toBe(false);
  });

  it("lists every invalid line and writes nothing", async () => {
    const output = join(folder, "never2.jsonl");
    const input = write([openai, { ...openai, preferred_output: "x" }, { ...openai, input: {} }]);
    const failure = await convertTrainingData({ input, output, to: "trl-preference" }).catch((error: unknown) => error);
    expect(isTuneopsError(failure) && failure.code).toBe("dataset_invalid");
    expect(String((failure as Error).message)).toMatch(/:2 invalid_preference_output[\s\S]*:3 missing_messages_list/);
    expect(existsSync(output)).toBe(false);
  });
});
